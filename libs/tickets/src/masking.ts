import { Role } from '@app/identity';

/** 张三丰 → 张**; a single character stays masked too. */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812345678 → 138****5678; short numbers keep only their last two digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  if (phone.length >= 11) return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
  return '*'.repeat(Math.max(0, phone.length - 2)) + phone.slice(-2);
}

/** Roles whose work needs the caller's name and phone: registering, dispatching, calling back, contacting. */
const NEEDS_PERSONAL_DATA: readonly Role[] = ['agent', 'dispatcher', 'supervisor', 'handler'];

/** Whether this role may see this order's caller unmasked in an ordinary view. Confidential orders: nobody. */
export function mayViewPersonalData(role: Role, order: { confidential: boolean; anonymous: boolean }): boolean {
  return !order.confidential && !order.anonymous && NEEDS_PERSONAL_DATA.includes(role);
}

/** Who may reveal a confidential order's caller, with a stated purpose, for the platform's own callback. */
export const MAY_REVEAL: readonly Role[] = ['agent', 'supervisor'];
