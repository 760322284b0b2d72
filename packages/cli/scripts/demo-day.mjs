// Preloaded (node --import) into one run of the quickstart demo by
// readme-screenshot.mjs: the clock starts at DEMO_AT (so each run is one day of a
// simulated fortnight) and every costkit.init the demo makes also writes its events
// to DEMO_LEDGER with the file exporter. The demo itself runs unchanged.
import costkit from 'costkit';

const offset = Date.parse(process.env.DEMO_AT) - Date.now();
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset;
  }
};

const init = costkit.init;
costkit.init = (options = {}) => init({ ...options, exporters: [...(options.exporters ?? []), { type: 'file', path: process.env.DEMO_LEDGER }] });
