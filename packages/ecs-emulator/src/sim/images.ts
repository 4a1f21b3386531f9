// Whether a task's image can be pulled, asked of the configured local registry in the background
// and cached briefly; tasks whose answer is not in yet wait in PENDING.
import { parseImage, type RegistryClient } from '../registry.js';

export type ImageStatus = { state: 'ok' } | { state: 'missing'; reason: string } | { state: 'pending' };

const FRESH_MS = 5000;
export const ECR_HOST = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/;

export class ImageAvailability {
  private readonly cache = new Map<string, { status: ImageStatus; at: number }>();
  private closed = false;

  constructor(
    private readonly registry: RegistryClient | undefined,
    private readonly onResolved: (image: string) => void,
  ) {}

  /** Images on the configured registry's host (or an ECR host, which the emulator maps to it). */
  private checkable(image: string): boolean {
    if (!this.registry) return false;
    const { host } = parseImage(image);
    return host !== undefined && (host === this.registry.host || ECR_HOST.test(host));
  }

  status(image: string): ImageStatus {
    if (!this.checkable(image)) return { state: 'ok' };
    const cached = this.cache.get(image);
    if (cached && (cached.status.state === 'pending' || Date.now() - cached.at < FRESH_MS))
      return cached.status;
    this.cache.set(image, { status: { state: 'pending' }, at: Date.now() });
    void this.check(image).then((status) => {
      if (this.closed) return;
      this.cache.set(image, { status, at: Date.now() });
      this.onResolved(image);
    });
    return { state: 'pending' };
  }

  private async check(image: string): Promise<ImageStatus> {
    const { repository, reference } = parseImage(image);
    const prefix = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}`;
    try {
      const found = await this.registry!.lookupManifest(repository, reference);
      if (found.exists) return { state: 'ok' };
      if (found.code === 'NAME_UNKNOWN' || found.code === 'MANIFEST_UNKNOWN') {
        return {
          state: 'missing',
          reason: `${prefix}: ${this.registry!.host}/${repository}:${reference}: not found`,
        };
      }
      return { state: 'missing', reason: `${prefix}: ${found.code}: ${found.message}` };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      return { state: 'missing', reason: `${prefix}: failed to do request: ${cause}` };
    }
  }

  clear(): void {
    this.cache.clear();
  }

  close(): void {
    this.closed = true;
  }
}
