// The pages of the chair's office, the import, the data curation and the administration: one
// chunk, loaded when a signed-in member of staff first opens one of them (src/web/app.tsx), so
// the public's pages do not carry them.
export { AccountPage as AdminAccountPage } from './admin/account';
export { AccountsPage } from './admin/accounts';
export { AuditPage, VerificationPage } from './admin/audit';
export { ImportDraftPage } from './admin/import-draft';
export { ImportsPage } from './admin/imports';
export { DemandCurationPage } from './curation/demand';
export { CurationPage } from './curation/overview';
export { ConferenceCurationPage, ResolutionCurationPage } from './curation/records';
export { ThreadCurationPage } from './curation/thread';
export { AnnexPage } from './office/annex';
export { AssignPage } from './office/assign';
export { CockpitPage } from './office/cockpit';
export { GroupItemsPage } from './office/group';
export { OpenRoundPage } from './office/open-round';
export { ReleasePage } from './office/release';
export { ReviewPage } from './office/review';
export { OfficeStartPage } from './office/start';
