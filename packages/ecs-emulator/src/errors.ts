// Errors as ECS/ECR send them: `{"__type": name, "message": ...}`, HTTP 400 unless a server fault.
// The SDK maps `__type` to its typed exception classes, so the names must be ECS's own.

export class ApiError extends Error {
  readonly type: string;
  readonly status: number;
  readonly extra: Record<string, unknown>;

  constructor(type: string, message: string, status = 400, extra: Record<string, unknown> = {}) {
    super(message);
    this.type = type;
    this.status = status;
    this.extra = extra;
  }

  toBody(): Record<string, unknown> {
    return { __type: this.type, message: this.message, ...this.extra };
  }
}

export const clientError = (message: string) => new ApiError('ClientException', message);
export const invalidParameter = (message: string) => new ApiError('InvalidParameterException', message);
export const clusterNotFound = () => new ApiError('ClusterNotFoundException', 'Cluster not found.');
export const serviceNotFound = () => new ApiError('ServiceNotFoundException', 'Service not found.');
export const serviceNotActive = () => new ApiError('ServiceNotActiveException', 'Service was not ACTIVE.');
export const throttling = () => new ApiError('ThrottlingException', 'Rate exceeded');
export const serverError = (message = 'Service Unavailable. Please try again later.') =>
  new ApiError('ServerException', message, 500);
