/**
 * A last guard for typical cases, which come from order text: whoever builds the model removes personal
 * data, and the renderers still mask what looks like an ID card number, a mobile number or a landline.
 * Names and addresses cannot be found this way; they stay the model builder's job.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(/(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g, '$1********$2')
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
    .replace(/(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)/g, '$1****$2');
}
