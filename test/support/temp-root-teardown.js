import { removeRunTempRoot } from './temp-root.js';

export default () => {
  removeRunTempRoot();
};
