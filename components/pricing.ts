/**
 * Hourly prices behind the endpoint set's cost estimate. Data, not code: update it with its
 * source and date. Only us-east-1 prices are recorded; other regions use them as an
 * estimate (most regions are within a few tenths of a cent).
 */
export const PRICES = {
  source:
    "https://aws.amazon.com/privatelink/pricing/ (interface endpoint per AZ-hour), https://aws.amazon.com/vpc/pricing/ (NAT gateway hour)",
  checked: "2026-11-24",
  region: "us-east-1",
  hoursPerMonth: 730,
  interfaceEndpointPerAzHourUsd: 0.01,
  natGatewayPerHourUsd: 0.045,
  /** Gateway endpoints (S3, DynamoDB) have no hourly charge. */
  gatewayEndpointPerHourUsd: 0,
} as const;

export interface CostEstimate {
  /** Interface endpoints x AZs x hourly price x hours per month (data processing not included). */
  monthlyCostUsd: number;
  /** One NAT gateway per AZ for comparison (hours only; NAT also charges per GB processed). */
  natGatewaysMonthlyCostUsd: number;
}

const round = (value: number) => Math.round(value * 100) / 100;

export function estimateMonthlyCost(interfaceEndpoints: number, availabilityZones: number): CostEstimate {
  return {
    monthlyCostUsd: round(
      interfaceEndpoints * availabilityZones * PRICES.interfaceEndpointPerAzHourUsd * PRICES.hoursPerMonth,
    ),
    natGatewaysMonthlyCostUsd: round(availabilityZones * PRICES.natGatewayPerHourUsd * PRICES.hoursPerMonth),
  };
}
