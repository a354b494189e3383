#!/usr/bin/env python3
"""First prompt on a real terminal (a pty, as an operator meets it), interleaved across launchers.

For each launcher and round, in a fresh home: the time from start until the prompt is on the screen, the time until
the output of `session list` typed the moment the prompt appears (that command still waits for the Spring context),
and the time until the shell has exited after `quit`. Medians of ROUNDS.

Usage: bench/first-prompt.py [ROUNDS] LABEL=LAUNCHER[,ENV=VALUE...] ...
  e.g. bench/first-prompt.py 9 early=scripts/influx-upgrade late=scripts/influx-upgrade,INFLUX_UPGRADE_EARLY_PROMPT=0
"""
import fcntl, os, pty, select, shutil, statistics, struct, sys, tempfile, termios, time

BANNER = b"Ctrl-D to leave"


def once(launcher, env):
    home = tempfile.mkdtemp(prefix="first-prompt-")
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(env)
        os.environ.setdefault("TERM", "xterm-256color")
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execv(launcher, [launcher, "--home", home])
    buf, prompt, answer, sent_quit = b"", None, None, False
    deadline = t0 + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            buf += data
        now = time.monotonic()
        if prompt is None and BANNER in buf and b"> " in buf.split(BANNER, 1)[1]:
            prompt = now
            os.write(fd, b"session list\r")
        if prompt is not None and answer is None and b"no sessions yet" in buf:
            answer = now
        if answer is not None and not sent_quit:
            os.write(fd, b"quit\r")
            sent_quit = True
    _, status = os.waitpid(pid, 0)
    end = time.monotonic()
    os.close(fd)
    shutil.rmtree(home, ignore_errors=True)
    if prompt is None or answer is None or status != 0:
        raise SystemExit(f"{launcher}: no prompt or no answer (status {status}): {buf[-400:]!r}")
    return (prompt - t0) * 1000, (answer - t0) * 1000, (end - t0) * 1000


def main():
    args = sys.argv[1:]
    rounds = int(args.pop(0)) if args and args[0].isdigit() else 9
    runs = []
    for a in args:
        label, spec = a.split("=", 1)
        parts = spec.split(",")
        env = dict(p.split("=", 1) for p in parts[1:])
        runs.append((label, os.path.abspath(parts[0]), env))
    for _, launcher, env in runs:  # build and train the archive once, outside the timing
        once(launcher, env)
    results = {label: [] for label, _, _ in runs}
    loads = []
    for _ in range(rounds):
        for label, launcher, env in runs:
            results[label].append(once(launcher, env))
        loads.append(os.getloadavg()[0])
    for label, rows in results.items():
        p, a, e = (statistics.median(r[i] for r in rows) for i in range(3))
        print(f"{label}: prompt {p:.0f} ms, first command's output {a:.0f} ms, exit {e:.0f} ms "
              f"(prompts: {', '.join(f'{r[0]:.0f}' for r in rows)})")
    print(f"{rounds} interleaved rounds, load {min(loads):.1f}-{max(loads):.1f}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
