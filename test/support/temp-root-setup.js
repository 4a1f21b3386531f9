import { makeRunTempRoot } from './temp-root.js';

export default () => {
  makeRunTempRoot();
};
