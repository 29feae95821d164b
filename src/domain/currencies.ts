/**
 * The ISO 4217 currency codes the hub accepts: the active codes of ISO 4217 list one (SIX, the
 * maintenance agency), plus the few withdrawn in the last years that channels may still send for
 * a while (ANG, SLL, ZWL). XXX ("no currency") is left out: an order without a currency cannot be
 * priced. Their minor digits are in money.ts (MINOR_DIGITS); this list only says which codes exist,
 * so that a typo ("USX") is a 400 naming the field instead of an order priced in 2 made-up digits.
 */
const ISO_4217 = `
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP
GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF
KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR
MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK
SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI
UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA
YER ZAR ZMW ZWG ZWL`;

export const ISO_4217_CODES: ReadonlySet<string> = new Set(ISO_4217.trim().split(/\s+/));

/** A code of ISO 4217 (upper case, as the standard writes it). */
export function isIso4217(code: string): boolean {
  return ISO_4217_CODES.has(code);
}
