type Env = Record<string, string | undefined>;
export function makeRunTempRoot(env?: Env): string;
export function removeRunTempRoot(env?: Env): void;
