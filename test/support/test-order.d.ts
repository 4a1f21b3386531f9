export interface RecordedFile {
  path: string;
  wall: number;
  cpu: number;
}
export interface Machine {
  workers: number;
  cores: number;
  besideCpuSeconds?: number;
}
export const CONTENTION: number;
export const UNKNOWN: { wall: number; cpu: number };
export function recordedTimes(table: string): Map<string, { wall: number; cpu: number }>;
export function planOrder(files: RecordedFile[], machine: Machine): string[];
export function modelSeconds(files: RecordedFile[], paths: string[], machine: Machine): number;
