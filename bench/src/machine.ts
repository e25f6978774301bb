import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The machine a run measured on. */
export interface MachineInfo {
  cpuModel: string;
  /** Logical CPUs this process may use. */
  cores: number;
  nodeVersion: string;
  os: string;
  totalMemoryBytes: number;
}

/** Reads the CPU model from /proc/cpuinfo (falling back to `os.cpus()`), cores and versions. */
export function describeMachine(): MachineInfo {
  return {
    cpuModel: readCpuModel(),
    cores: os.availableParallelism(),
    nodeVersion: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    totalMemoryBytes: os.totalmem(),
  };
}

function readCpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1] !== undefined) return match[1].trim();
  } catch {
    // Not Linux: os.cpus() below has the model too.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}
