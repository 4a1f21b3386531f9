// Entry point of the bundled action: runs main.
import { main } from './main.js';

await main();
