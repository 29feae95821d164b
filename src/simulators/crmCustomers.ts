import type { DocumentNumbers } from './ids';

export interface CrmCustomer {
  crmCustomerId: string;
  email: string;
  name: string | null;
  tier: string | null;
}

/** CRM customer directory; email is the natural key, compared case-insensitively like real CRMs do. */
export class CrmCustomers {
  private readonly byEmail = new Map<string, CrmCustomer>();

  constructor(private readonly numbers: DocumentNumbers) {}

  /** `name` null: keeps the name the CRM has (an order without a customer name renames nobody). */
  upsert(email: string, name: string | null, tier: string | null): CrmCustomer {
    const normalizedEmail = email.trim().toLowerCase();
    const existing = this.byEmail.get(normalizedEmail);
    const customer: CrmCustomer = {
      crmCustomerId: existing?.crmCustomerId ?? this.numbers.next('C'),
      email: normalizedEmail,
      name: name ?? existing?.name ?? null,
      tier: tier ?? existing?.tier ?? null,
    };
    this.byEmail.set(normalizedEmail, customer);
    return customer;
  }

  list(): CrmCustomer[] {
    return [...this.byEmail.values()];
  }
}
