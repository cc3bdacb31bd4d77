// A day-by-day plan: scenario steps registered for a day run after that day's background, so a
// change a scenario makes (a re-imaged laptop, a rotated secret) shows in the following days.
export class Plan {
  private readonly steps = new Map<number, (() => void)[]>();
  constructor(readonly days: number) {}
  /** Registers `fn` for day `i` (ignored outside the span). */
  at(i: number, fn: () => void): void {
    if (i < 0 || i >= this.days) return;
    const l = this.steps.get(i) ?? []; l.push(fn); this.steps.set(i, l);
  }
  run(i: number): void { for (const fn of this.steps.get(i) ?? []) fn(); }
}
