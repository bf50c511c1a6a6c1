// Mocha's spec reporter, plus the run's real totals written to $MOCHA_TOTALS_FILE (when set) for .ci/run,
// which prints them as the "N passed, N failed" line CI reads.
const fs = require("node:fs");
const Mocha = require("mocha");

class SpecWithTotals extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.MOCHA_TOTALS_FILE;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      fs.writeFileSync(
        file,
        JSON.stringify({ passed: passes, failed: failures, skipped: pending }),
      );
    });
  }
}

module.exports = SpecWithTotals;
