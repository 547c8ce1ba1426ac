//! One module per page (route).

pub mod account;
pub mod check_email;
pub mod consultations;
pub mod forgot_password;
pub mod home;
pub mod info;
pub mod login;
pub mod not_found;
pub mod register;
pub mod requests;
pub mod reset_password;
pub mod residency;
pub mod security;
pub mod staff;
pub mod trustee;
pub mod verify_email;

pub use account::AccountPage;
pub use check_email::CheckEmailPage;
pub use consultations::{BoardPage, ResultsPage, VotePage};
pub use consultations::{ConsultationPage, ConsultationsPage};
pub use forgot_password::ForgotPasswordPage;
pub use home::HomePage;
pub use info::{AccessibilityPage, LegalPage};
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use register::RegisterPage;
pub use requests::{MyRequestsPage, NewRequestPage, RequestPage, StaffQueuePage};
pub use reset_password::ResetPasswordPage;
pub use residency::{CensusPage, ManualResidencyPage, ResidencyPage};
pub use security::SecurityPage;
pub use staff::{AuditPage, CategoriesPage, FlagsPage};
pub use staff::{NewConsultationPage, StaffConsultationPage, StaffConsultationsPage};
pub use trustee::{TrusteeListPage, TrusteePage};
pub use verify_email::VerifyEmailPage;
