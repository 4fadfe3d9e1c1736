// One Worker of the plain-JavaScript bench: computes the units it is sent
// and answers with their sum.
import { run } from './kernels.js';

self.onmessage = ({ data }) => self.postMessage(run(data.workload, data.n, data.seed, data.first, data.end));
