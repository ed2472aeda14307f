// Shifts this process's clock by CLOCK_OFFSET_MS (the storm benchmark runs the reconciler "after the window").
const offset = Number(process.env.CLOCK_OFFSET_MS ?? '0');
if (offset !== 0) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + offset);
      else super(...args);
    }
    static now() {
      return realNow() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
