import { buildManageSim, type BuiltManageSim, type ManageSimOptions } from '../src/index.js';

export const AUTH_HEADERS = {
  authorization: `Basic ${Buffer.from('billfold_demo+demo-public-key:demo-private-key').toString('base64')}`,
  clientid: '00000000-0000-4000-8000-00000000b111',
};

/** Builds a small simulator with a fixed reference day, so runs are comparable. */
export function buildSmallSim(options: ManageSimOptions = {}): Promise<BuiltManageSim> {
  return buildManageSim({
    companies: 10,
    contacts: 40,
    invoices: 300,
    seed: 3,
    today: '2026-12-01',
    ...options,
  });
}

/** GETs an API path with valid credentials. */
export async function apiGet(sim: BuiltManageSim, path: string) {
  return sim.app.inject({
    method: 'GET',
    url: `/v4_6_release/apis/3.0/${path}`,
    headers: AUTH_HEADERS,
  });
}
