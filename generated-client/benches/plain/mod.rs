// Plain `#[derive(Deserialize)]` mirrors of the generated types that the decode bench reads:
// the same field set, wire names and `Option`s, with timestamps, durations and open enums as `String`,
// link relations as a single `Link`, no `extra` store (unknown keys are skipped, as serde does by
// default), and each `x-aliases` name as a field of its own (serde's `alias` fails when both names
// arrive, as they do in status-2023.json). Derived from generated-client/src/generated/*.rs.

#![allow(dead_code)]

use serde::Deserialize;

#[derive(Deserialize)]
pub(crate) struct AirConditioning {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
    #[serde(rename = "status")]
    status: Option<String>,
    #[serde(rename = "startingCause")]
    starting_cause: Option<String>,
    #[serde(rename = "failureCause")]
    failure_cause: Option<String>,
    #[serde(rename = "programs")]
    programs: Option<Vec<Program>>,
}

#[derive(Deserialize)]
pub(crate) struct Alarm {
    #[serde(rename = "status")]
    status: Option<AlarmStatus>,
    #[serde(rename = "trigger")]
    trigger: Option<AlarmTrigger>,
}

#[derive(Deserialize)]
pub(crate) struct AlarmStatus {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "activation")]
    activation: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct AlarmTrigger {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "type")]
    r#type: Option<String>,
    #[serde(rename = "position")]
    position: Option<Position>,
    #[serde(rename = "startAt")]
    start_at: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Battery {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "voltage")]
    voltage: Option<f64>,
    #[serde(rename = "current")]
    current: Option<f64>,
}

#[derive(Deserialize)]
pub(crate) struct BatteryHealth {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "capacity")]
    capacity: Option<i64>,
    #[serde(rename = "resistance")]
    resistance: Option<i64>,
}

#[derive(Deserialize)]
pub(crate) struct BatteryLoad {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "capacity")]
    capacity: Option<i64>,
    #[serde(rename = "residual")]
    residual: Option<i64>,
}

#[derive(Deserialize)]
pub(crate) struct BeltStatus {
    #[serde(rename = "belt")]
    belt: Option<String>,
    #[serde(rename = "id")]
    id: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct ChargingCapability {
    #[serde(rename = "supported")]
    supported: Option<bool>,
    #[serde(rename = "scopeName")]
    scope_name: Option<String>,
    #[serde(rename = "parameters")]
    parameters: Option<ChargingCapabilityParameters>,
}

#[derive(Deserialize)]
pub(crate) struct ChargingCapabilityParameters {
    #[serde(rename = "immediate")]
    immediate: Option<ChargingCapabilityParametersImmediate>,
    #[serde(rename = "schedule")]
    schedule: Option<ChargingCapabilityParametersSchedule>,
    #[serde(rename = "preferences")]
    preferences: Option<ChargingCapabilityParametersPreferences>,
}

#[derive(Deserialize)]
pub(crate) struct ChargingCapabilityParametersImmediate {
    #[serde(rename = "start")]
    start: Option<bool>,
    #[serde(rename = "stop")]
    stop: Option<bool>,
}

#[derive(Deserialize)]
pub(crate) struct ChargingCapabilityParametersPreferences {
    #[serde(rename = "level")]
    level: Option<bool>,
    #[serde(rename = "type")]
    r#type: Option<bool>,
}

#[derive(Deserialize)]
pub(crate) struct ChargingCapabilityParametersSchedule {
    #[serde(rename = "programs")]
    programs: Option<ChargingCapabilityParametersSchedulePrograms>,
    #[serde(rename = "nextDelayedTime")]
    next_delayed_time: Option<bool>,
}

#[derive(Deserialize)]
pub(crate) struct ChargingCapabilityParametersSchedulePrograms {
    #[serde(rename = "supported")]
    supported: Option<bool>,
    #[serde(rename = "size")]
    size: Option<i64>,
}

#[derive(Deserialize)]
pub(crate) struct ChargingProgram {
    #[serde(rename = "start")]
    start: Option<String>,
    #[serde(rename = "end")]
    end: Option<String>,
    #[serde(rename = "enabled")]
    enabled: Option<bool>,
    #[serde(rename = "chargeUntilFull")]
    charge_until_full: Option<bool>,
    #[serde(rename = "occurence")]
    occurence: Option<Occurrence>,
}

#[derive(Deserialize)]
pub(crate) struct ChargingSchedule {
    #[serde(rename = "programs")]
    programs: Option<Vec<ChargingProgram>>,
}

#[derive(Deserialize)]
pub(crate) struct CollectionLinks {
    #[serde(rename = "self")]
    self_: Option<Link>,
    #[serde(rename = "first")]
    first: Option<Link>,
    #[serde(rename = "next")]
    next: Option<Link>,
    #[serde(rename = "prev")]
    prev: Option<Link>,
    #[serde(rename = "last")]
    last: Option<Link>,
}

#[derive(Deserialize)]
pub(crate) struct Consumption {
    #[serde(rename = "consumption")]
    consumption: Option<f64>,
}

#[derive(Deserialize)]
pub(crate) struct DoorOpening {
    #[serde(rename = "identifier")]
    identifier: Option<String>,
    #[serde(rename = "state")]
    state: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct DoorsState {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
    #[serde(rename = "lockedStates")]
    locked_states: Option<Vec<String>>,
    #[serde(rename = "lockedState")]
    locked_states_alias_lockedstate: Option<Vec<String>>,
    #[serde(rename = "opening")]
    opening: Option<Vec<DoorOpening>>,
}

#[derive(Deserialize)]
pub(crate) struct DrivingBehavior {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "mode")]
    mode: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct ElectricEnergyDetails {
    #[serde(rename = "residual")]
    residual: Option<Consumption>,
    #[serde(rename = "consumption")]
    consumption: Option<Consumption>,
    #[serde(rename = "battery")]
    battery: Option<EnergyBattery>,
    #[serde(rename = "charging")]
    charging: Option<EnergyCharging>,
}

#[derive(Deserialize)]
pub(crate) struct Energy {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
    #[serde(rename = "type")]
    r#type: Option<String>,
    #[serde(rename = "subType")]
    sub_type: Option<String>,
    #[serde(rename = "level")]
    level: Option<f64>,
    #[serde(rename = "autonomy")]
    autonomy: Option<i64>,
    #[serde(rename = "extension")]
    extension: Option<EnergyExtension>,
}

#[derive(Deserialize)]
pub(crate) struct EnergyBattery {
    #[serde(rename = "capacity")]
    capacity: Option<f64>,
    #[serde(rename = "load")]
    load: Option<BatteryLoad>,
    #[serde(rename = "health")]
    health: Option<BatteryHealth>,
}

#[derive(Deserialize)]
pub(crate) struct EnergyCharging {
    #[serde(rename = "plugged")]
    plugged: Option<bool>,
    #[serde(rename = "status")]
    status: Option<String>,
    #[serde(rename = "remainingTime")]
    remaining_time: Option<String>,
    #[serde(rename = "chargingRate")]
    charging_rate: Option<i64>,
    #[serde(rename = "chargingMode")]
    charging_mode: Option<String>,
    #[serde(rename = "chargingPowerLevel")]
    charging_power_level: Option<String>,
    #[serde(rename = "nextDelayedTime")]
    next_delayed_time: Option<String>,
    #[serde(rename = "type")]
    r#type: Option<String>,
    #[serde(rename = "schedule")]
    schedule: Option<ChargingSchedule>,
}

#[derive(Deserialize)]
pub(crate) struct EnergyExtension {
    #[serde(rename = "fuel")]
    fuel: Option<FuelEnergyDetails>,
    #[serde(rename = "electric")]
    electric: Option<ElectricEnergyDetails>,
}

#[derive(Deserialize)]
pub(crate) struct Engine {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "type")]
    r#type: Option<String>,
    #[serde(rename = "speed")]
    speed: Option<f64>,
    #[serde(rename = "oil")]
    oil: Option<EngineOil>,
    #[serde(rename = "gmpStatus")]
    gmp_status: Option<String>,
    #[serde(rename = "extension")]
    extension: Option<EngineExtension>,
}

#[derive(Deserialize)]
pub(crate) struct EngineExtension {
    #[serde(rename = "thermic")]
    thermic: Option<EngineExtensionThermic>,
}

#[derive(Deserialize)]
pub(crate) struct EngineExtensionThermic {
    #[serde(rename = "coolant")]
    coolant: Option<EngineLiquid>,
    #[serde(rename = "oil")]
    oil: Option<EngineLiquid>,
    #[serde(rename = "air")]
    air: Option<EngineExtensionThermicAir>,
}

#[derive(Deserialize)]
pub(crate) struct EngineExtensionThermicAir {
    #[serde(rename = "temp")]
    temp: Option<f64>,
}

#[derive(Deserialize)]
pub(crate) struct EngineLiquid {
    #[serde(rename = "level")]
    level: Option<i64>,
    #[serde(rename = "temp")]
    temp: Option<f64>,
}

#[derive(Deserialize)]
pub(crate) struct EngineOil {
    #[serde(rename = "temp")]
    temp: Option<f64>,
}

#[derive(Deserialize)]
pub(crate) struct Environment {
    #[serde(rename = "air")]
    air: Option<EnvironmentAir>,
    #[serde(rename = "luminosity")]
    luminosity: Option<EnvironmentLuminosity>,
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct EnvironmentAir {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "temp")]
    temp: Option<f64>,
}

#[derive(Deserialize)]
pub(crate) struct EnvironmentLuminosity {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "day")]
    day: Option<bool>,
}

#[derive(Deserialize)]
pub(crate) struct FuelConsumptions {
    #[serde(rename = "total")]
    total: Option<f64>,
    #[serde(rename = "instant")]
    instant: Option<f64>,
}

#[derive(Deserialize)]
pub(crate) struct FuelEnergyDetails {
    #[serde(rename = "consumption")]
    consumption: Option<Consumption>,
    #[serde(rename = "consumptions")]
    consumptions: Option<FuelConsumptions>,
}

#[derive(Deserialize)]
pub(crate) struct Ignition {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
    #[serde(rename = "type")]
    r#type: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Kinetic {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "acceleration")]
    acceleration: Option<f64>,
    #[serde(rename = "speed")]
    speed: Option<f64>,
    #[serde(rename = "moving")]
    moving: Option<bool>,
    #[serde(rename = "pace")]
    pace: Option<f64>,
}

#[derive(Deserialize)]
pub(crate) struct LegacyEnergy {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
    #[serde(rename = "type")]
    r#type: Option<String>,
    #[serde(rename = "subType")]
    sub_type: Option<String>,
    #[serde(rename = "level")]
    level: Option<f64>,
    #[serde(rename = "autonomy")]
    autonomy: Option<f64>,
    #[serde(rename = "consumption")]
    consumption: Option<f64>,
    #[serde(rename = "residual")]
    residual: Option<f64>,
    #[serde(rename = "battery")]
    battery: Option<EnergyBattery>,
    #[serde(rename = "charging")]
    charging: Option<EnergyCharging>,
}

#[derive(Deserialize)]
pub(crate) struct LightingSystem {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "turn")]
    turn: Option<Vec<Lights>>,
    #[serde(rename = "fog")]
    fog: Option<Vec<Lights>>,
}

#[derive(Deserialize)]
pub(crate) struct Lights {
    #[serde(rename = "direction")]
    direction: Option<String>,
    #[serde(rename = "position")]
    position: Option<String>,
    #[serde(rename = "status")]
    status: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Link {
    #[serde(rename = "href")]
    href: Option<String>,
    #[serde(rename = "templated")]
    templated: Option<bool>,
    #[serde(rename = "type")]
    r#type: Option<String>,
    #[serde(rename = "deprecation")]
    deprecation: Option<String>,
    #[serde(rename = "name")]
    name: Option<String>,
    #[serde(rename = "title")]
    title: Option<String>,
    #[serde(rename = "profile")]
    profile: Option<String>,
    #[serde(rename = "hreflang")]
    hreflang: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Occurrence {
    #[serde(rename = "day")]
    day: Option<Vec<String>>,
    #[serde(rename = "week")]
    week: Option<Vec<String>>,
}

#[derive(Deserialize)]
pub(crate) struct OnboardCapabilities {
    #[serde(rename = "data")]
    data: Option<Vec<String>>,
    #[serde(rename = "remote")]
    remote: Option<RemoteCapabilities>,
}

#[derive(Deserialize)]
pub(crate) struct Point {
    #[serde(rename = "type")]
    r#type: Option<String>,
    #[serde(rename = "coordinates")]
    coordinates: Option<Vec<Option<f64>>>,
}

#[derive(Deserialize)]
pub(crate) struct Position {
    #[serde(rename = "type")]
    r#type: Option<String>,
    #[serde(rename = "geometry")]
    geometry: Option<Point>,
    #[serde(rename = "properties")]
    properties: Option<PositionProperties>,
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct PositionProperties {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
    #[serde(rename = "heading")]
    heading: Option<i64>,
    #[serde(rename = "signalQuality")]
    signal_quality: Option<i64>,
    #[serde(rename = "type")]
    r#type: Option<String>,
    #[serde(rename = "fixStatus")]
    fix_status: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Powertrain {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "status")]
    status: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Preconditioning {
    #[serde(rename = "airConditioning")]
    air_conditioning: Option<AirConditioning>,
}

#[derive(Deserialize)]
pub(crate) struct PreconditioningCapability {
    #[serde(rename = "supported")]
    supported: Option<bool>,
    #[serde(rename = "scopeName")]
    scope_name: Option<String>,
    #[serde(rename = "parameters")]
    parameters: Option<PreconditioningCapabilityParameters>,
}

#[derive(Deserialize)]
pub(crate) struct PreconditioningCapabilityParameters {
    #[serde(rename = "programs")]
    programs: Option<PreconditioningCapabilityParametersPrograms>,
    #[serde(rename = "immediate")]
    immediate: Option<bool>,
}

#[derive(Deserialize)]
pub(crate) struct PreconditioningCapabilityParametersPrograms {
    #[serde(rename = "size")]
    size: Option<i64>,
}

#[derive(Deserialize)]
pub(crate) struct Privacy {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "state")]
    state: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Program {
    #[serde(rename = "enabled")]
    enabled: Option<bool>,
    #[serde(rename = "slot")]
    slot: Option<i64>,
    #[serde(rename = "recurrence")]
    recurrence: Option<String>,
    #[serde(rename = "start")]
    start: Option<String>,
    #[serde(rename = "occurence")]
    occurence: Option<Occurrence>,
}

#[derive(Deserialize)]
pub(crate) struct RemoteCapabilities {
    #[serde(rename = "preconditioning")]
    preconditioning: Option<PreconditioningCapability>,
    #[serde(rename = "charging")]
    charging: Option<ChargingCapability>,
    #[serde(rename = "door")]
    door: Option<RemoteCapability>,
    #[serde(rename = "horn")]
    horn: Option<RemoteCapability>,
    #[serde(rename = "lights")]
    lights: Option<RemoteCapability>,
    #[serde(rename = "wakeup")]
    wakeup: Option<RemoteCapability>,
    #[serde(rename = "navigation")]
    navigation: Option<RemoteCapability>,
}

#[derive(Deserialize)]
pub(crate) struct RemoteCapability {
    #[serde(rename = "supported")]
    supported: Option<bool>,
    #[serde(rename = "scopeName")]
    scope_name: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Safety {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "beltStatus")]
    belt_status: Option<Vec<BeltStatus>>,
    #[serde(rename = "autoECallTriggering")]
    auto_e_call_triggering: Option<String>,
    #[serde(rename = "beltWarning")]
    belt_warning: Option<String>,
    #[serde(rename = "eCallTriggeringRequest")]
    e_call_triggering_request: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Status {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
    #[serde(rename = "_links")]
    links: Option<StatusLinks>,
    #[serde(rename = "ignition")]
    ignition: Option<Ignition>,
    #[serde(rename = "lastPosition")]
    last_position: Option<Position>,
    #[serde(rename = "preconditioning")]
    preconditioning: Option<Preconditioning>,
    #[serde(rename = "preconditionning")]
    preconditioning_alias_preconditionning: Option<Preconditioning>,
    #[serde(rename = "energies")]
    energies: Option<Vec<Energy>>,
    #[serde(rename = "energy")]
    energy: Option<Vec<LegacyEnergy>>,
    #[serde(rename = "engines")]
    engines: Option<Vec<Engine>>,
    #[serde(rename = "powertrain")]
    powertrain: Option<Powertrain>,
    #[serde(rename = "doorsState")]
    doors_state: Option<DoorsState>,
    #[serde(rename = "privacy")]
    privacy: Option<Privacy>,
    #[serde(rename = "battery")]
    battery: Option<Battery>,
    #[serde(rename = "service")]
    service: Option<VehicleService>,
    #[serde(rename = "safety")]
    safety: Option<Safety>,
    #[serde(rename = "odometer")]
    odometer: Option<VehicleOdometer>,
    #[serde(rename = "timed.odometer")]
    odometer_alias_timed_odometer: Option<VehicleOdometer>,
    #[serde(rename = "kinetic")]
    kinetic: Option<Kinetic>,
    #[serde(rename = "environment")]
    environment: Option<Environment>,
    #[serde(rename = "drivingBehavior")]
    driving_behavior: Option<DrivingBehavior>,
    #[serde(rename = "lightingSystem")]
    lighting_system: Option<LightingSystem>,
    #[serde(rename = "alarm")]
    alarm: Option<Alarm>,
}

#[derive(Deserialize)]
pub(crate) struct StatusLinks {
    #[serde(rename = "self")]
    self_: Option<Link>,
    #[serde(rename = "vehicle")]
    vehicle: Option<Link>,
    #[serde(rename = "vehicles")]
    vehicle_alias_vehicles: Option<Link>,
}

#[derive(Deserialize)]
pub(crate) struct StolenCallCenter {
    #[serde(rename = "countryCode")]
    country_code: Option<String>,
    #[serde(rename = "phoneNumber")]
    phone_number: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Vehicle {
    #[serde(rename = "id")]
    id: Option<String>,
    #[serde(rename = "vin")]
    vin: Option<String>,
    #[serde(rename = "motorization")]
    motorization: Option<String>,
    #[serde(rename = "callCenter")]
    call_center: Option<VehicleCallCenter>,
    #[serde(rename = "brand")]
    brand: Option<String>,
    #[serde(rename = "label")]
    label: Option<String>,
    #[serde(rename = "pictures")]
    pictures: Option<Vec<String>>,
    #[serde(rename = "engine")]
    engine: Option<Vec<VehicleEngineItem>>,
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
    #[serde(rename = "_embedded")]
    embedded: Option<VehicleEmbedded>,
    #[serde(rename = "_links")]
    links: Option<VehicleLinks>,
}

#[derive(Deserialize)]
pub(crate) struct VehicleBranding {
    #[serde(rename = "brand")]
    brand: Option<String>,
    #[serde(rename = "label")]
    label: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct VehicleCallCenter {
    #[serde(rename = "stolen")]
    stolen: Option<StolenCallCenter>,
}

#[derive(Deserialize)]
pub(crate) struct VehicleEmbedded {
    #[serde(rename = "extension")]
    extension: Option<VehicleExtension>,
}

#[derive(Deserialize)]
pub(crate) struct VehicleEngineItem {
    #[serde(rename = "class")]
    class: Option<String>,
    #[serde(rename = "energy")]
    energy: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct VehicleExtension {
    #[serde(rename = "onboardCapabilities")]
    onboard_capabilities: Option<OnboardCapabilities>,
    #[serde(rename = "branding")]
    branding: Option<VehicleBranding>,
    #[serde(rename = "pictures")]
    pictures: Option<Vec<String>>,
}

#[derive(Deserialize)]
pub(crate) struct VehicleLinks {
    #[serde(rename = "self")]
    self_: Option<Link>,
    #[serde(rename = "user")]
    user: Option<Link>,
    #[serde(rename = "lastPosition")]
    last_position: Option<Link>,
    #[serde(rename = "trips")]
    trips: Option<Link>,
    #[serde(rename = "maintenance")]
    maintenance: Option<Link>,
    #[serde(rename = "alerts")]
    alerts: Option<Link>,
    #[serde(rename = "status")]
    status: Option<Link>,
    #[serde(rename = "telemetry")]
    telemetry: Option<Link>,
    #[serde(rename = "collisions")]
    collisions: Option<Link>,
    #[serde(rename = "alarms")]
    alarms: Option<Link>,
    #[serde(rename = "monitors")]
    monitors: Option<Link>,
    #[serde(rename = "remotes")]
    remotes: Option<Link>,
    #[serde(rename = "callbacks")]
    callbacks: Option<Link>,
}

#[derive(Deserialize)]
pub(crate) struct VehicleOdometer {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
    #[serde(rename = "mileage")]
    mileage: Option<f64>,
}

#[derive(Deserialize)]
pub(crate) struct VehicleService {
    #[serde(rename = "createdAt")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
    #[serde(rename = "type")]
    r#type: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Vehicles {
    #[serde(rename = "_links")]
    links: Option<CollectionLinks>,
    #[serde(rename = "total")]
    total: Option<i64>,
    #[serde(rename = "currentPage")]
    current_page: Option<i64>,
    #[serde(rename = "totalPage")]
    total_page: Option<i64>,
    #[serde(rename = "_embedded")]
    embedded: Option<VehiclesEmbedded>,
}

#[derive(Deserialize)]
pub(crate) struct VehiclesEmbedded {
    #[serde(rename = "vehicles")]
    vehicles: Option<Vec<Vehicle>>,
}
