// The DNS suffix boxes of the app ("corp.example.com, lab.example.com", commas, semicolons or spaces between) use
// the engine's own rule (shared/dns-suffix.ts): each suffix in its normal form, or the first invalid one refused
// with the engine's sentence. Nothing is rewritten into something the user did not type (".corp.example.com" is
// refused, not silently turned into "corp.example.com").
export { checkSuffix, parseSuffixList } from '../../../shared/dns-suffix';
