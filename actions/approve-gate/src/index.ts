// The action's entry: runs main.
import { main } from './main.js';

await main();
