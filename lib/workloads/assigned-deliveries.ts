/**
 * The deliveries setup() prepares and assigns to operators, as they travel in setup data. k6 gives
 * every VU its own parsed copy of it, so a peak of 1,000 operators with two deliveries each paid
 * 2,000 objects in every VU; as columns of numbers and the distinct logins it is a few arrays.
 */

/** One delivery and the operator who works it. */
export interface AssignedDelivery {
  id: number;
  login: string;
  companyId: number;
}

export interface AssignedDeliveries {
  ids: number[];
  companyIds: number[];
  /** The operators' logins, each once. */
  operators: string[];
  /** Per delivery, its operator's place in `operators`. */
  operatorOf: number[];
}

export function packDeliveries(deliveries: AssignedDelivery[]): AssignedDeliveries {
  const places = new Map<string, number>();
  for (const { login } of deliveries) if (!places.has(login)) places.set(login, places.size);
  return {
    ids: deliveries.map((delivery) => delivery.id),
    companyIds: deliveries.map((delivery) => delivery.companyId),
    operators: [...places.keys()],
    operatorOf: deliveries.map((delivery) => places.get(delivery.login)!),
  };
}

/** Delivery `index` (iteration i works delivery i); undefined past the last. */
export function deliveryAt(pack: AssignedDeliveries, index: number): AssignedDelivery | undefined {
  if (index >= pack.ids.length) return undefined;
  return {
    id: pack.ids[index]!,
    login: pack.operators[pack.operatorOf[index]!]!,
    companyId: pack.companyIds[index]!,
  };
}
