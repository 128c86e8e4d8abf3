// Times ONNX Runtime's CPU provider on the models prepare_models.py wrote: every model at batch
// 1, 8 and 32 with 1 and 2 intra-op threads; two warm-up runs, then at least 5 timed runs (more
// while under 3 s, at most 15), the median reported. The 1-minute load average is recorded before
// and after each case, since the machine is shared: a case whose load exceeded the number of
// threads it used plus 0.5 is marked loaded, and measured again up to twice.
//
// Usage: node bench/cpu_roofline/measure_ort.mjs MODEL_DIR OUT_CSV [model ...]
//   with onnxruntime-node resolvable (NODE_PATH=/work/ort/node_modules).
import { createRequire } from 'module';
import fs from 'fs';
import os from 'os';
import path from 'path';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');

const [modelDir, outCsv, ...only] = process.argv.slice(2);
if (!modelDir || !outCsv) {
  console.error('usage: node measure_ort.mjs MODEL_DIR OUT_CSV [model ...]');
  process.exit(64);
}
const inputs = JSON.parse(fs.readFileSync(path.join(modelDir, 'models.json'), 'utf8'));
const models = only.length ? only : Object.keys(inputs);
const batches = [1, 8, 32];
const threads = [1, 2];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function timeCase(session, name, dims, batch) {
  const shape = dims.map((d) => (typeof d === 'string' ? batch : d));
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.random();
  const feeds = { [name]: new ort.Tensor('float32', data, shape) };
  for (let i = 0; i < 2; i++) await session.run(feeds);
  const times = [];
  let total = 0;
  while (times.length < 5 || (total < 3 && times.length < 15)) {
    const t0 = process.hrtime.bigint();
    await session.run(feeds);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    times.push(s);
    total += s;
  }
  return times;
}

const rows = ['model,batch,threads,runs,median_s,min_s,load_before,load_after,loaded,cpu'];
const cpu = os.cpus()[0].model.replace(/,/g, ' ');
for (const model of models) {
  const { input, dims } = inputs[model];
  for (const t of threads) {
    const session = await ort.InferenceSession.create(path.join(modelDir, model + '.onnx'), {
      executionProviders: ['cpu'],
      intraOpNumThreads: t,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    for (const b of batches) {
      let best = null;
      for (let attempt = 0; attempt < 3; attempt++) {
        const before = os.loadavg()[0];
        const times = await timeCase(session, input, dims, b);
        const after = os.loadavg()[0];
        const loaded = Math.max(before, after) > t + 0.5;
        const r = { times, before, after, loaded };
        if (!best || (best.loaded && !loaded) || (best.loaded === loaded && median(times) < median(best.times))) best = r;
        if (!loaded) break;
      }
      const line = [model, b, t, best.times.length, median(best.times).toFixed(5),
        Math.min(...best.times).toFixed(5), best.before.toFixed(2), best.after.toFixed(2),
        best.loaded ? 'yes' : 'no', cpu].join(',');
      console.log(line);
      rows.push(line);
    }
  }
}
fs.writeFileSync(outCsv, rows.join('\n') + '\n');
