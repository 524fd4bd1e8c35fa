// Moved to components/ (shared by Inspect and the Install wizard); ReadinessPanel, being edited on the
// chain-repair work, still imports it from here.
export { StatusIcon, type IconStatus } from '../../components/StatusIcon';
