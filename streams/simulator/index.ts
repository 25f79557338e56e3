/** The community simulator: configs, the simulator itself, its clock and the shapes it uses. */
export {
  hierarchyNodes, spaceIds, validateCommunity,
  type AlertDeviceConfig, type AlertDeviceKind, type BuildingConfig, type CommunityConfig, type EnvSensorConfig,
  type LocalName, type NeighbourhoodConfig, type ParkingKind, type ParkingLotConfig, type PipeSensorConfig, type Place,
  type WalkwayConfig,
} from './community-config.ts';
export { generateCommunity, syntheticPlaces, type SitePlace } from './community-generator.ts';
export { pickCommunities, placeOf } from './pick-communities.ts';
export { CommunitySimulator, type Incident, type SimulatorOptions } from './community-simulator.ts';
export {
  MAX_ACCELERATION, MIN_ACCELERATION, SimulationClock, runSimulator, validateAcceleration,
  type ClockOptions, type RunOptions, type RunningSimulator,
} from './clock.ts';
export { seriesOf, type SeriesSpec } from './series.ts';
export {
  typicalDailyM3,
  type ChildcareAlarmConfig, type FireWaterConfig, type GateConfig, type LiftConfig, type ServiceDevicesConfig,
  type UtilityMeterConfig, type WasteBinConfig,
} from './service-config.ts';
export { SERVICE_FAULTS, type ServiceFault } from './service-devices.ts';
export { Weather, type StormSpec } from './weather.ts';
export { ALERT_KINDS } from './alert-device.ts';
export { Rng, rngFor } from './random.ts';
export * as profiles from './profiles.ts';
