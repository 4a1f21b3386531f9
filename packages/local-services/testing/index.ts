// Test helpers of the local services (the `@shipline/local-services/testing` subpath): docker-aware
// describe, a build workspace, and the registry, docker-host and fault-proxy parts in one import.
export { describeWithDocker, requireParts } from './describe-with-docker.js';
export { createWorkspace, type TestWorkspace } from './workspace.js';
export {
  dockerAvailability,
  fakeDocker,
  registryAvailability,
  removeImages,
  which,
  type Availability,
  type FakeDocker,
} from '../src/docker-host.js';
export { BLOB_UPLOAD_UNKNOWN, startFaultProxy, type Fault, type FaultProxy } from '../src/fault-proxy.js';
export { registryDigest, startRegistry, type TestRegistry } from '../src/registry.js';
export { putManifest, uploadImage, uploadIndex, type UploadedImage } from '../src/registry-upload.js';
