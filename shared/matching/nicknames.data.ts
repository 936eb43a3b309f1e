/**
 * Standard short forms of given names, both directions looked up at compile time.
 *
 * Written for exposure-scanner from common English usage (the same pairs appear in public
 * genealogy nickname lists); deliberately small: every extra pair is a chance to match a
 * stranger, and a short form must be well known to count (Katherine -> Kate, not -> Kit).
 */
export const NICKNAMES: Record<string, string[]> = {
  abigail: ['abby', 'gail'],
  alexander: ['alex', 'sandy', 'xander'],
  alexandra: ['alex', 'sandra', 'lexi'],
  andrew: ['andy', 'drew'],
  anthony: ['tony'],
  barbara: ['barb', 'babs'],
  benjamin: ['ben', 'benny'],
  catherine: ['cathy', 'kate', 'cat'],
  charles: ['charlie', 'chuck'],
  christina: ['chris', 'tina'],
  christine: ['chris', 'tina'],
  christopher: ['chris', 'kit'],
  daniel: ['dan', 'danny'],
  david: ['dave', 'davy'],
  deborah: ['deb', 'debbie'],
  donald: ['don'],
  dorothy: ['dot', 'dottie'],
  edward: ['ed', 'eddie', 'ted', 'ned'],
  elizabeth: ['liz', 'beth', 'eliza', 'betty', 'lizzie', 'libby'],
  frederick: ['fred', 'freddie'],
  gregory: ['greg'],
  jacqueline: ['jackie'],
  james: ['jim', 'jimmy', 'jamie'],
  jennifer: ['jen', 'jenny'],
  jessica: ['jess'],
  johannes: ['hannes', 'jo'],
  john: ['jack', 'johnny'],
  jonathan: ['jon', 'jonny'],
  joseph: ['joe', 'joey'],
  joshua: ['josh'],
  katherine: ['kate', 'kathy', 'katie', 'kat'],
  kathryn: ['kate', 'kathy', 'katie'],
  lawrence: ['larry'],
  margaret: ['maggie', 'meg', 'peggy'],
  matthew: ['matt'],
  michael: ['mike', 'mick', 'micky'],
  nicholas: ['nick', 'nicky'],
  patricia: ['pat', 'patty', 'tricia'],
  patrick: ['pat', 'paddy'],
  rebecca: ['becky', 'becca'],
  richard: ['rick', 'dick', 'rich'],
  robert: ['bob', 'rob', 'bobby', 'robbie'],
  samantha: ['sam'],
  samuel: ['sam', 'sammy'],
  stephanie: ['steph'],
  stephen: ['steve'],
  steven: ['steve'],
  susan: ['sue', 'susie'],
  theodora: ['teddie', 'dora'],
  theodore: ['ted', 'teddy', 'theo'],
  thomas: ['tom', 'tommy'],
  timothy: ['tim'],
  victoria: ['vicky', 'tori'],
  william: ['will', 'bill', 'billy', 'liam'],
  zachary: ['zach', 'zack'],
};

/** Short forms of a (folded) given name. */
export function nicknamesOf(first: string): string[] {
  return NICKNAMES[first] ?? [];
}
