#!/usr/bin/env bash
# Builds optiboot for the Uno (ATmega328P, 16 MHz, STK500v1 at 115200 baud) from the source Debian's
# arduino-core-avr ships, with Debian's gcc-avr and avr-libc, and writes OUT_DIR/optiboot_atmega328.hex.
#
# Why not Debian's prebuilt optiboot_atmega328.hex: it was rebuilt by Debian and covers 0x7E00–0x8013
# (532 bytes), more than the Uno's 512-byte boot section. With the Makefile's own flags
# (-Os -fno-inline-small-functions -fno-split-wide-types -mshort-calls) gcc-avr 5.4 also makes 532
# bytes of .text. Measured one at a time on top of them (bytes of .text; 510 is the most that fits
# below the 2-byte version word at 0x7FFE): -mrelax 532, -mcall-prologues 534,
# -ffunction-sections -fdata-sections 520, + -fno-tree-loop-optimize 510,
# + -fno-move-loop-invariants 504, + -fno-tree-scev-cprop 504, + both of these 488.
# The last set (the flags later optiboot releases and the Arduino AVR core build it with) is used:
# 488 bytes at 0x7E00, the version word at 0x7FFE, a 512-byte boot section (high fuse 0xDE).
#
# Usage: scripts/build-optiboot.sh OUT_DIR   (prints the hex's path; exits 1 when gcc-avr is missing)
set -euo pipefail
out=${1:?usage: build-optiboot.sh OUT_DIR}
src=${OPTIBOOT_SOURCE:-/usr/share/arduino/hardware/arduino/avr/bootloaders/optiboot}
command -v avr-gcc >/dev/null || { echo "avr-gcc is missing (apt-get install gcc-avr avr-libc)" >&2; exit 1; }
[ -f "$src/optiboot.c" ] || { echo "$src/optiboot.c is missing (apt-get install arduino-core-avr)" >&2; exit 1; }

mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$src"/optiboot.c "$src"/boot.h "$src"/pin_defs.h "$src"/stk500.h "$work"/

flags=(-Os -fno-inline-small-functions -fno-split-wide-types -mrelax
  -ffunction-sections -fdata-sections -fno-tree-scev-cprop -fno-move-loop-invariants
  -mmcu=atmega328p -DF_CPU=16000000L -DLED_START_FLASHES=3 -DBAUD_RATE=115200)
# No -g and the sources under a fixed name: the image does not depend on where it was built.
(cd "$work" && avr-gcc -Wall "${flags[@]}" -c -o optiboot.o optiboot.c &&
  avr-gcc "${flags[@]}" -Wl,--section-start=.text=0x7e00 -Wl,--section-start=.version=0x7ffe \
    -Wl,--relax -Wl,--gc-sections -nostartfiles -nostdlib -o optiboot.elf optiboot.o)

text=$(avr-size -A "$work/optiboot.elf" | awk '$1 == ".text" { print $2 }')
if [ "$text" -gt 510 ]; then
  echo "optiboot's code is $text bytes: more than the 510 below its version word at 0x7FFE" >&2
  exit 1
fi
avr-objcopy -j .text -j .data -j .version --set-section-flags .version=alloc,load -O ihex \
  "$work/optiboot.elf" "$out/optiboot_atmega328.hex"
echo "$out/optiboot_atmega328.hex"
