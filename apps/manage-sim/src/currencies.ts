/** A currency as Manage describes it, plus the sales-tax rate the generator applies. */
export interface Currency {
  id: number;
  currencyCode: string;
  symbol: string;
  taxRate: number;
}

export const CURRENCIES: readonly Currency[] = [
  { id: 1, currencyCode: 'USD', symbol: '$', taxRate: 0.0825 },
  { id: 2, currencyCode: 'CAD', symbol: '$', taxRate: 0.13 },
  { id: 3, currencyCode: 'GBP', symbol: '£', taxRate: 0.2 },
  { id: 4, currencyCode: 'EUR', symbol: '€', taxRate: 0.19 },
  { id: 5, currencyCode: 'AUD', symbol: '$', taxRate: 0.1 },
];
