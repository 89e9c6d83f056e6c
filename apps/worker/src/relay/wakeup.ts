/**
 * The rest between two rounds of a polling loop, cut short by a signal (a NOTIFY): a signal that arrives while
 * the loop is busy is kept, so the next rest ends at once and nothing waits for the poll interval.
 */
export class Wakeup {
  private wake: (() => void) | null = null;
  private pending = false;

  signal(): void {
    if (this.wake) this.wake();
    else this.pending = true;
  }

  rest(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
