#!/bin/sh
# Starts the tests' chromium ($PINMESH_CHROMIUM_BINARY, Debian's) with every --disable-features it
# was given merged into one switch, and every --enable-features into another: chromium keeps only the
# last of each, so the list test/support/browser.ts adds would otherwise replace playwright's own.
# The other arguments pass through unchanged and in order; exec leaves no process of its own.
disabled=
enabled=
for arg do
  shift
  case $arg in
    --disable-features=*) disabled="${disabled:+$disabled,}${arg#--disable-features=}" ;;
    --enable-features=*) enabled="${enabled:+$enabled,}${arg#--enable-features=}" ;;
    *) set -- "$@" "$arg" ;;
  esac
done
exec "${PINMESH_CHROMIUM_BINARY:?the chromium to start}" ${disabled:+"--disable-features=$disabled"} ${enabled:+"--enable-features=$enabled"} "$@"
