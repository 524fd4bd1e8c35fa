// Moved to components/ (shared by Inspect and the Install wizard); ReadinessPanel and ChainPaths, being edited
// on the chain-repair work, still import it from here.
export { StatusIcon, type IconStatus } from '../../components/StatusIcon';
