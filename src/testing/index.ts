/**
 * pinmesh/testing: test a sketch or a circuit in this process, in virtual time (docs/testing.md).
 *
 *   import { testSketch } from 'pinmesh/testing';
 */
export { testSketch, testCircuit, type BenchOptions, type SketchBenchOptions, type CircuitBenchOptions } from './start-bench.js';
export { TestBench, type BenchTime, type Duration, type PinName } from './test-bench.js';
export { BenchTimeout, PinWaitTimeout, type PinWait } from './bench-timeout.js';
export { PinHistory, type PinChange, type PinChangeKind, type PinHistoryEvents, type Tone } from './pin-history.js';
export { durationMs, pinNumber } from './durations.js';
export { VirtualClock, VirtualTimeout, type VirtualClockOptions } from '../time/virtual-clock.js';
export { wallClock, type Clock, type ClockTimer } from '../time/clock.js';
export { seededRandom, randomSource, type RandomSource } from '../time/seeded-random.js';
export { readScenarioFile, parseScenario, ScenarioFileMistake, type ScenarioFile } from './scenario-file.js';
export { runScenario, type ScenarioResult, type StepResult, type ScenarioWatcher, type ScenarioRunOptions } from './run-scenario.js';
export type { Scenario, ScenarioBoard, Step, StepName } from './scenario-schema.js';
export { FollowedClock, type TimeSource } from '../time/followed-clock.js';

import { followNodeTests } from './running-node-test.js';
// Under node:test, which test starts each bench, from the file's first test (running-node-test.ts).
followNodeTests();
