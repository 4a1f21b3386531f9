// Release versions: `1.2.3` or `v1.2.3` read into the tag and its major, with errors that say
// what a good value looks like.
export interface ReleaseVersion {
  /** `1.2.3` */
  version: string;
  /** `v1.2.3` */
  tag: string;
  /** `v1`: the tag that floats to the newest release of this major. */
  major: string;
}

const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseReleaseVersion(value: string | undefined): ReleaseVersion {
  const m = VERSION.exec(value ?? '');
  if (!m)
    throw new Error(
      `release version '${value ?? ''}' is not valid: major.minor.patch, with or without a leading v (e.g. 1.4.0 or v1.4.0)`,
    );
  const version = `${m[1]}.${m[2]}.${m[3]}`;
  return { version, tag: `v${version}`, major: `v${m[1]}` };
}
