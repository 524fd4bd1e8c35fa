// The modal dialog moved to components/ (issue [9], shared components); this path stays for the requests views.
export { Modal } from '../../components/Modal';
