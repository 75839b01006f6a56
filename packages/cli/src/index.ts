export { run, buildProgram, EXIT } from './main.js';
