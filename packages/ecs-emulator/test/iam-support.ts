// What the IAM check's tests share: an SDK client that signs with a given access key (the check tells
// callers apart by it), and a call's outcome as text ('allowed', or the error's name and message).
interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

export const signedClient = <C>(Client: new (config: ClientConfig) => C, url: string, key: string): C =>
  new Client({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: key, secretAccessKey: 'x' },
    maxAttempts: 1,
  });

export const outcome = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'allowed',
    (error: Error) => `${error.name}: ${error.message}`,
  );
