// Progress for long CLI work: a bar on a terminal, a line every few seconds otherwise (CI logs, pipes).
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, note?: string): void;
  /** For work whose size is an estimate that improves as it goes. */
  setTotal(total: number): void;
  finish(note?: string): void;
}

export function startProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left {note}`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { note: '' });
    return {
      update: (done, note = '') => bar.update(done, { note }),
      setTotal: (next) => {
        total = next;
        bar.setTotal(next);
      },
      finish: (note = '') => { bar.update(total, { note }); bar.stop(); },
    };
  }
  let lastPrinted = 0;
  return {
    update(done, note = '') {
      const now = Date.now();
      if (now - lastPrinted < 2000) return;
      lastPrinted = now;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
      stream.write(`${label}: ${done}/${total} (${pct}%) ${note}\n`);
    },
    setTotal(next) {
      total = next;
    },
    finish(note = '') { stream.write(`${label}: done ${note}\n`); },
  };
}
