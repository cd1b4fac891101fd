/** Whether a process with this pid is alive (signal 0 only asks; one of another user's counts as gone, as tests start only their own). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
