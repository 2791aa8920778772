// The globals the calculator's Web Worker gets from Pyodide's classic scripts (pyodide.js and
// the optional pyodide.asm.js), for tsc's check of worker.js (tsconfig.worker.json).
declare var loadPyodide: ((options: object) => Promise<any>) | undefined;
declare var createPyodideModule: unknown;
