export { CostkitError } from '../errors.js';
