/**
 * A dox lays personal details out as labelled fields ("Name:", "Address:", "Phone:", "DOB:", "IP:",
 * "Mother:"). Three or more distinct such labels in one text is the shape, whatever the values.
 */
const FIELD_LABELS: Array<[string, RegExp]> = [
  ['name', /^(?:full |real |legal )?name|^aliases?|^first name|^last name|^surname/],
  ['address', /^(?:home |street )?address|^street|^city|^town|^zip|^post ?code|^location/],
  ['phone', /^(?:phone|cell|mobile|tel(?:ephone)?)(?: number| #)?/],
  ['email', /^e-?mails?/],
  ['dob', /^(?:dob|d\.o\.b\.?|date of birth|birthday|born|age)/],
  ['ip', /^ip(?: address)?|^isp/],
  ['family', /^(?:family|mother|father|mom|dad|brother|sister|relatives?|parents?|spouse|wife|husband)/],
  ['social', /^(?:socials?|twitter|instagram|tiktok|discord|twitch|youtube)/],
];

// "Name: x", "- Phone = x", "[+] Address ...... x", "├ DOB: x": a label, then a colon, an equals sign or a dotted leader.
const LABEL_LINE = /^[\s\-*•|├└│>#[\]+]*([A-Za-z][A-Za-z .#/]{0,24}?)\s*(?:[:=]|\.{3,}|-{2,}>?)\s*\S/;

export function isDoxShaped(text: string): boolean {
  const found = new Set<string>();
  for (const line of text.split('\n')) {
    const label = LABEL_LINE.exec(line)?.[1]?.trim().toLowerCase();
    if (!label) continue;
    for (const [field, pattern] of FIELD_LABELS) {
      if (pattern.test(label)) {
        found.add(field);
        break;
      }
    }
    if (found.size >= 3) return true;
  }
  return false;
}
