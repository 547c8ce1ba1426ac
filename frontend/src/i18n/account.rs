//! Signing up and in, the second factor, password resets, the account page and the residency check.

use super::*;
use protocol::api::Language;

/// A fixed text of this area; [`Text::pair`] gives its French and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Account {
    RegisterTitle,
    RegisterIntro,
    RegisterSubmit,
    AlreadyHaveAccount,
    CheckEmailTitle,
    CheckEmailText,
    CheckEmailSpam,
    VerifyTitle,
    VerifyInProgress,
    VerifySuccess,
    VerifyMissingToken,
    GoToLogin,
    LoginTitle,
    LoginSubmit,
    LoginModeLegend,
    LoginModeResident,
    LoginModeDirectory,
    FieldDirectoryLogin,
    HintDirectoryLogin,
    ErrDirectoryLoginRequired,
    DirectoryPasswordNote,
    ForgotPasswordLink,
    NoAccountYet,
    LoginTotpIntro,
    LoginRecoveryIntro,
    UseRecoveryCode,
    UseTotpCode,
    SecurityTitle,
    SecurityIntro,
    SecurityRequiredNotice,
    SecurityEnabled,
    SecurityNotEnabled,
    SecurityStart,
    SecurityScanTitle,
    SecurityScanText,
    SecurityQrLabel,
    SecuritySecretLabel,
    SecurityConfirmTitle,
    SecurityConfirmSubmit,
    SecurityCodesTitle,
    SecurityCodesText,
    SecurityContinue,
    SecurityDisableTitle,
    SecurityDisableText,
    SecurityDisableSubmit,
    SecurityDisabledDone,
    AccountSecurityTitle,
    AccountSecurityLink,
    ForgotTitle,
    ForgotIntro,
    ForgotSubmit,
    ForgotSent,
    ResetTitle,
    ResetIntro,
    ResetSubmit,
    ResetMissingToken,
    RequestNewLink,
    AccountTitle,
    AccountInfoTitle,
    AccountProfileTitle,
    AccountProfileSubmit,
    AccountProfileSaved,
    AccountPasswordTitle,
    AccountPasswordSubmit,
    AccountPasswordChanged,
    AccountDataTitle,
    AccountDataText,
    AccountDataDownload,
    AccountSessionsTitle,
    AccountSessionsText,
    Logout,
    LogoutAll,
    AccountDeleteTitle,
    AccountDeleteText,
    AccountDeleteButton,
    AccountDeleteConfirmTitle,
    AccountDeleteConfirmText,
    AccountDeleteConfirmButton,
    AccountLoadFailed,
    MemberSince,
    FieldEmail,
    FieldPassword,
    FieldNewPassword,
    FieldCurrentPassword,
    FieldDisplayName,
    FieldRole,
    FieldTotpCode,
    FieldRecoveryCode,
    HintTotpCode,
    HintRecoveryCode,
    HintEmail,
    HintNewPassword,
    HintDisplayName,
    FlashPasswordReset,
    FlashLoggedOut,
    FlashLoggedOutAll,
    FlashAccountDeleted,
    FlashLoginRequired,
    ErrEmailRequired,
    ErrEmailInvalid,
    ErrPasswordRequired,
    ErrPasswordTooShort,
    ErrPasswordTooLong,
    ErrCurrentPasswordWrong,
    ErrDisplayNameRequired,
    ErrDisplayNameTooLong,
    ErrDisplayNameInvalid,
    ErrTotpCodeFormat,
    ErrRecoveryCodeRequired,
    ResidencyTitle,
    ResidencyIntro,
    FieldLastName,
    FieldFirstName,
    FieldBirthDate,
    HintBirthDate,
    FieldReference,
    HintReference,
    ResidencySubmit,
    ResidencyNotVerified,
    ResidencyNotFoundHelp,
    ResidencyMethodCensus,
    ResidencyMethodManual,
    AccountResidencyTitle,
    AccountResidencyLink,
    ResidencyForFiling,
    ResidencyForVoting,
    ResidencyBackToFiling,
    AccountStaffTitle,
    ErrLastNameRequired,
    ErrFirstNameRequired,
    ErrBirthDateOrReference,
    ErrBirthDateInvalid,
}

impl Text for Account {
    fn pair(self) -> (&'static str, &'static str) {
        use Account::*;
        match self {
            RegisterTitle => ("Créer un compte", "Create an account"),
            RegisterIntro => (
                "Après l’inscription, vous recevrez un e-mail pour confirmer votre adresse.",
                "After signing up, you will receive an email to confirm your address.",
            ),
            RegisterSubmit => ("Créer mon compte", "Create my account"),
            AlreadyHaveAccount => (
                "Vous avez déjà un compte\u{a0}? Se connecter",
                "Already have an account? Sign in",
            ),
            CheckEmailTitle => ("Consultez votre messagerie", "Check your email"),
            CheckEmailText => (
                "Si cette adresse peut être utilisée, un e-mail contenant un lien de confirmation \
                 vient de vous être envoyé. Ouvrez ce lien pour activer votre compte.",
                "If this address can be used, an email with a confirmation link has just been \
                 sent to you. Open that link to activate your account.",
            ),
            CheckEmailSpam => (
                "Vous ne voyez rien\u{a0}? Vérifiez le dossier des courriers indésirables.",
                "Nothing there? Check your spam folder.",
            ),
            VerifyTitle => (
                "Confirmation de votre adresse",
                "Confirming your email address",
            ),
            VerifyInProgress => ("Vérification en cours…", "Checking…"),
            VerifySuccess => (
                "Votre adresse électronique est confirmée. Vous pouvez maintenant vous connecter.",
                "Your email address is confirmed. You can now sign in.",
            ),
            VerifyMissingToken => (
                "Ce lien de confirmation est incomplet. Ouvrez le lien exact reçu par e-mail.",
                "This confirmation link is incomplete. Open the exact link from the email.",
            ),
            GoToLogin => ("Se connecter", "Sign in"),
            LoginTitle => ("Se connecter", "Sign in"),
            LoginSubmit => ("Se connecter", "Sign in"),
            LoginModeLegend => ("Type de compte", "Type of account"),
            LoginModeResident => (
                "Habitants : adresse électronique et mot de passe",
                "Residents: email address and password",
            ),
            LoginModeDirectory => (
                "Agents et élus : connexion avec le compte de la mairie",
                "Staff and officials: sign in with your town hall account",
            ),
            FieldDirectoryLogin => ("Identifiant de la mairie", "Town hall login"),
            HintDirectoryLogin => (
                "Votre identifiant de session Windows (exemple\u{a0}: jdupont) ou votre adresse \
                 électronique professionnelle",
                "Your Windows login (e.g. jdupont) or your work email address",
            ),
            ErrDirectoryLoginRequired => (
                "Saisissez votre identifiant de la mairie.",
                "Enter your town hall login.",
            ),
            DirectoryPasswordNote => (
                "Mot de passe du compte de la mairie oublié\u{a0}? Il se change auprès du service \
                 informatique de la mairie, pas dans Voix.",
                "Forgotten your town hall account’s password? It is changed by the town hall’s IT \
                 department, not in Voix.",
            ),
            ForgotPasswordLink => ("Mot de passe oublié\u{a0}?", "Forgotten your password?"),
            NoAccountYet => (
                "Pas encore de compte\u{a0}? Créer un compte",
                "No account yet? Create an account",
            ),
            LoginTotpIntro => (
                "Votre compte est protégé par la double authentification. Saisissez le code à \
                 6 chiffres affiché par votre application d’authentification.",
                "Your account is protected by two-step verification. Enter the 6-digit code \
                 shown by your authenticator app.",
            ),
            LoginRecoveryIntro => (
                "Saisissez l’un de vos codes de secours. Chaque code ne sert qu’une fois.",
                "Enter one of your recovery codes. Each code works only once.",
            ),
            UseRecoveryCode => (
                "Utiliser un code de secours à la place",
                "Use a recovery code instead",
            ),
            UseTotpCode => (
                "Utiliser le code de l’application à la place",
                "Use the app code instead",
            ),
            SecurityTitle => ("Double authentification", "Two-step verification"),
            SecurityIntro => (
                "En plus du mot de passe, la connexion demande un code à usage unique produit \
                 par une application d’authentification sur votre téléphone (par exemple \
                 FreeOTP, Aegis ou Google Authenticator).",
                "Besides your password, signing in asks for a one-time code produced by an \
                 authenticator app on your phone (for example FreeOTP, Aegis or Google \
                 Authenticator).",
            ),
            SecurityRequiredNotice => (
                "Votre rôle exige la double authentification. Configurez-la pour accéder à \
                 votre espace.",
                "Your role requires two-step verification. Set it up to reach your account.",
            ),
            SecurityEnabled => (
                "La double authentification est activée sur votre compte.",
                "Two-step verification is on for your account.",
            ),
            SecurityNotEnabled => (
                "La double authentification n’est pas activée sur votre compte.",
                "Two-step verification is not on for your account.",
            ),
            SecurityStart => (
                "Activer la double authentification",
                "Turn on two-step verification",
            ),
            SecurityScanTitle => (
                "1. Ajoutez le compte à votre application",
                "1. Add the account to your app",
            ),
            SecurityScanText => (
                "Scannez ce code QR avec votre application d’authentification, ou saisissez la \
                 clé ci-dessous à la main.",
                "Scan this QR code with your authenticator app, or type the key below by hand.",
            ),
            SecurityQrLabel => (
                "Code QR à scanner avec l’application d’authentification",
                "QR code to scan with the authenticator app",
            ),
            SecuritySecretLabel => ("Clé à saisir à la main", "Key to type by hand"),
            SecurityConfirmTitle => (
                "2. Saisissez le code affiché par l’application",
                "2. Enter the code shown by the app",
            ),
            SecurityConfirmSubmit => ("Confirmer", "Confirm"),
            SecurityCodesTitle => ("Vos codes de secours", "Your recovery codes"),
            SecurityCodesText => (
                "La double authentification est activée. Conservez ces codes en lieu sûr \
                 (imprimés ou dans un gestionnaire de mots de passe) : chacun permet une seule \
                 connexion si vous n’avez plus votre téléphone. Ils ne seront plus affichés.",
                "Two-step verification is on. Keep these codes somewhere safe (printed or in a \
                 password manager): each one allows a single sign-in if you no longer have your \
                 phone. They will not be shown again.",
            ),
            SecurityContinue => ("Continuer vers mon compte", "Continue to my account"),
            SecurityDisableTitle => (
                "Désactiver la double authentification",
                "Turn off two-step verification",
            ),
            SecurityDisableText => (
                "Confirmez avec votre mot de passe actuel.",
                "Confirm with your current password.",
            ),
            SecurityDisableSubmit => ("Désactiver", "Turn off"),
            SecurityDisabledDone => (
                "La double authentification est désactivée.",
                "Two-step verification is off.",
            ),
            AccountSecurityTitle => ("Sécurité", "Security"),
            AccountSecurityLink => (
                "Gérer la double authentification",
                "Manage two-step verification",
            ),
            ForgotTitle => ("Mot de passe oublié", "Forgotten password"),
            ForgotIntro => (
                "Indiquez l’adresse électronique de votre compte\u{a0}: nous vous enverrons un lien \
                 pour choisir un nouveau mot de passe.",
                "Enter your account’s email address: we will send you a link to choose a new \
                 password.",
            ),
            ForgotSubmit => ("Recevoir le lien", "Send me the link"),
            ForgotSent => (
                "Si un compte correspond à cette adresse, un e-mail contenant un lien de \
                 réinitialisation vient d’être envoyé.",
                "If an account matches this address, an email with a reset link has just been \
                 sent.",
            ),
            ResetTitle => ("Choisir un nouveau mot de passe", "Choose a new password"),
            ResetIntro => (
                "Ce mot de passe remplacera l’ancien. Vos sessions ouvertes seront fermées.",
                "This password replaces the old one. Your open sessions will be closed.",
            ),
            ResetSubmit => ("Enregistrer le mot de passe", "Save the password"),
            ResetMissingToken => (
                "Ce lien de réinitialisation est incomplet. Ouvrez le lien exact reçu par e-mail.",
                "This reset link is incomplete. Open the exact link from the email.",
            ),
            RequestNewLink => ("Demander un nouveau lien", "Ask for a new link"),
            AccountTitle => ("Mon compte", "My account"),
            AccountInfoTitle => ("Mes informations", "My details"),
            AccountProfileTitle => ("Modifier mes informations", "Change my details"),
            AccountProfileSubmit => ("Enregistrer", "Save"),
            AccountProfileSaved => (
                "Vos informations ont été enregistrées.",
                "Your details have been saved.",
            ),
            AccountPasswordTitle => ("Changer de mot de passe", "Change my password"),
            AccountPasswordSubmit => ("Changer le mot de passe", "Change the password"),
            AccountPasswordChanged => (
                "Votre mot de passe a été changé.",
                "Your password has been changed.",
            ),
            AccountDataTitle => ("Mes données", "My data"),
            AccountDataText => (
                "Téléchargez une copie de toutes les données que Voix conserve sur vous \
                 (fichier JSON).",
                "Download a copy of all the data Voix holds about you (JSON file).",
            ),
            AccountDataDownload => ("Télécharger mes données", "Download my data"),
            AccountSessionsTitle => ("Sessions", "Sessions"),
            AccountSessionsText => (
                "«\u{a0}Se déconnecter partout\u{a0}» ferme toutes vos sessions, sur tous vos appareils, \
                 y compris celui-ci.",
                "“Sign out everywhere” closes all your sessions, on every device, including this \
                 one.",
            ),
            Logout => ("Se déconnecter", "Sign out"),
            LogoutAll => ("Se déconnecter partout", "Sign out everywhere"),
            AccountDeleteTitle => ("Supprimer mon compte", "Delete my account"),
            AccountDeleteText => (
                "La suppression est définitive. Pensez à télécharger vos données avant.",
                "Deletion is permanent. Consider downloading your data first.",
            ),
            AccountDeleteButton => ("Supprimer mon compte", "Delete my account"),
            AccountDeleteConfirmTitle => (
                "Confirmer la suppression du compte",
                "Confirm account deletion",
            ),
            AccountDeleteConfirmText => (
                "Votre compte et les données associées seront supprimés. Cette action ne peut \
                 pas être annulée.",
                "Your account and its data will be deleted. This cannot be undone.",
            ),
            AccountDeleteConfirmButton => {
                ("Oui, supprimer définitivement", "Yes, delete permanently")
            }
            AccountLoadFailed => (
                "Impossible de charger votre compte.",
                "Your account could not be loaded.",
            ),
            MemberSince => ("Compte créé le", "Account created on"),
            FieldEmail => ("Adresse électronique", "Email address"),
            FieldPassword => ("Mot de passe", "Password"),
            FieldNewPassword => ("Nouveau mot de passe", "New password"),
            FieldCurrentPassword => ("Mot de passe actuel", "Current password"),
            FieldDisplayName => ("Nom affiché", "Display name"),
            FieldRole => ("Rôle", "Role"),
            FieldTotpCode => ("Code à usage unique", "One-time code"),
            FieldRecoveryCode => ("Code de secours", "Recovery code"),
            HintTotpCode => (
                "6 chiffres, renouvelés toutes les 30 secondes.",
                "6 digits, renewed every 30 seconds.",
            ),
            HintRecoveryCode => (
                "Par exemple ABCD-EFGH-IJKL-MNOP.",
                "For example ABCD-EFGH-IJKL-MNOP.",
            ),
            HintEmail => ("Exemple\u{a0}: nom@exemple.fr", "Example: name@example.com"),
            HintNewPassword => (
                "Entre 12 et 128 caractères. Une phrase de plusieurs mots est un bon choix.",
                "Between 12 and 128 characters. A phrase of several words is a good choice.",
            ),
            HintDisplayName => (
                "Le nom sous lequel la commune vous connaîtra (80 caractères au plus).",
                "The name the town will know you by (at most 80 characters).",
            ),
            FlashPasswordReset => (
                "Votre mot de passe a été changé. Vous pouvez vous connecter.",
                "Your password has been changed. You can sign in.",
            ),
            FlashLoggedOut => ("Vous êtes déconnecté.", "You are signed out."),
            FlashLoggedOutAll => (
                "Toutes vos sessions ont été fermées.",
                "All your sessions have been closed.",
            ),
            FlashAccountDeleted => (
                "Votre compte a été supprimé.",
                "Your account has been deleted.",
            ),
            FlashLoginRequired => (
                "Connectez-vous pour accéder à cette page.",
                "Sign in to see this page.",
            ),
            ErrEmailRequired => (
                "Indiquez votre adresse électronique.",
                "Enter your email address.",
            ),
            ErrEmailInvalid => (
                "Indiquez une adresse électronique valide, par exemple nom@exemple.fr.",
                "Enter a valid email address, such as name@example.com.",
            ),
            ErrPasswordRequired => ("Indiquez votre mot de passe.", "Enter your password."),
            ErrPasswordTooShort => (
                "Le mot de passe doit contenir au moins 12 caractères.",
                "The password must be at least 12 characters long.",
            ),
            ErrPasswordTooLong => (
                "Le mot de passe doit contenir au plus 128 caractères.",
                "The password must be at most 128 characters long.",
            ),
            ErrCurrentPasswordWrong => (
                "Le mot de passe actuel est incorrect.",
                "The current password is incorrect.",
            ),
            ErrDisplayNameRequired => ("Indiquez un nom affiché.", "Enter a display name."),
            ErrDisplayNameTooLong => (
                "Le nom affiché doit contenir au plus 80 caractères.",
                "The display name must be at most 80 characters long.",
            ),
            ErrDisplayNameInvalid => (
                "Le nom contient un caractère non autorisé.",
                "The name contains a character that is not allowed.",
            ),
            ErrTotpCodeFormat => ("Saisissez le code à 6 chiffres.", "Enter the 6-digit code."),
            ErrRecoveryCodeRequired => ("Saisissez un code de secours.", "Enter a recovery code."),
            ResidencyTitle => ("Justifier de ma résidence", "Verify my residency"),
            ResidencyIntro => (
                "Pour participer aux consultations, la mairie doit vérifier que vous habitez la commune. Saisissez vos informations telles qu’elles figurent sur le recensement de la commune : nom, prénom et date de naissance, ou la référence que la mairie vous a communiquée.",
                "To take part in consultations, the town hall must check that you live in the town. Enter your details as they appear in the town’s census: last name, first name and date of birth, or the reference the town hall gave you.",
            ),
            FieldLastName => ("Nom", "Last name"),
            FieldFirstName => ("Prénom", "First name"),
            FieldBirthDate => ("Date de naissance", "Date of birth"),
            HintBirthDate => (
                "Au format JJ/MM/AAAA, par exemple 14/07/1985. Facultative si vous indiquez votre référence.",
                "As DD/MM/YYYY, for example 14/07/1985. Optional if you enter your reference.",
            ),
            FieldReference => ("Référence", "Reference"),
            HintReference => (
                "Le numéro figurant sur le courrier de la mairie. Facultative si vous indiquez votre date de naissance.",
                "The number on the town hall’s letter. Optional if you enter your date of birth.",
            ),
            ResidencySubmit => ("Vérifier ma résidence", "Verify my residency"),
            ResidencyNotVerified => (
                "Votre résidence n’est pas vérifiée.",
                "Your residency is not verified.",
            ),
            ResidencyNotFoundHelp => (
                "Aucune inscription du recensement ne correspond à ces informations. Vérifiez l’orthographe et la date, ou présentez un justificatif de domicile à la mairie.",
                "No census entry matches these details. Check the spelling and the date, or bring a proof of address to the town hall.",
            ),
            ResidencyMethodCensus => ("d’après le recensement", "from the census"),
            ResidencyMethodManual => ("par un agent de la mairie", "by a town hall officer"),
            AccountResidencyTitle => ("Résidence", "Residency"),
            AccountResidencyLink => ("Justifier de ma résidence", "Verify my residency"),
            ResidencyForFiling => (
                "Pour signaler un problème, la commune demande que votre résidence soit vérifiée. \
                 Donnez ci-dessous les renseignements qui figurent au recensement : c’est immédiat.",
                "To report a problem, the town asks that your residency be verified. Give below the \
                 details the census holds: it takes a moment.",
            ),
            ResidencyForVoting => (
                "Certaines consultations sont réservées aux habitants dont la résidence est \
                 vérifiée. Donnez ci-dessous les renseignements qui figurent au recensement.",
                "Some consultations are open only to residents whose residency is verified. Give \
                 below the details the census holds.",
            ),
            ResidencyBackToFiling => ("Reprendre mon signalement", "Back to my report"),
            AccountStaffTitle => ("Espace des agents", "Staff area"),
            ErrLastNameRequired => ("Saisissez votre nom.", "Enter your last name."),
            ErrFirstNameRequired => ("Saisissez votre prénom.", "Enter your first name."),
            ErrBirthDateOrReference => (
                "Saisissez votre date de naissance ou votre référence.",
                "Enter your date of birth or your reference.",
            ),
            ErrBirthDateInvalid => (
                "Saisissez une date de naissance réelle au format JJ/MM/AAAA.",
                "Enter a real date of birth as DD/MM/YYYY.",
            ),
        }
    }
}

/// "Hello, <name>" on the home page.
pub fn hello(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!("Bonjour {name}."),
        Language::En => format!("Hello {name}."),
    }
}

/// "Verified residency, district X" on the residency and account pages.
pub fn residency_verified(lang: Language, district: &str) -> String {
    match lang {
        Language::Fr => format!("Résidence vérifiée, quartier : {district}."),
        Language::En => format!("Residency verified, district: {district}."),
    }
}

/// "Valid until <date>" for a residency verification.
pub fn residency_valid_until(lang: Language, date: &str) -> String {
    match lang {
        Language::Fr => format!("Valable jusqu’au {date}."),
        Language::En => format!("Valid until {date}."),
    }
}
