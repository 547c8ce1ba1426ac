//! Every string the SPA shows, in French and English, one module per area as it is moved
//! out of [`Key`] ([`trustee`]: the key holders' pages).
//!
//! Each [`Key`] maps to a `(French, English)` pair in one exhaustive `match`, so adding a key
//! without both translations does not compile. Texts that embed a value (a town name, a delay)
//! are functions at the bottom of this module, again with both languages side by side.

pub mod trustee;

use protocol::ErrorCode;
use protocol::api::{Language, Role};

/// A translatable, fixed text of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    // Layout.
    SkipToContent,
    MainNavLabel,
    NavHome,
    NavLogin,
    NavRegister,
    NavAccount,
    LanguageSwitchLabel,
    SignedInAs,
    LogoAlt,
    FooterLabel,
    FooterAccessibility,
    FooterLegal,
    FooterFreeSoftware,
    Loading,
    RequiredMark,
    RequiredFieldsNote,
    // Home.
    HomeTitle,
    HomeLead,
    HomeReportTitle,
    HomeReportText,
    HomeConsultTitle,
    HomeConsultText,
    ComingSoon,
    HomeAccountTitle,
    HomeAccountTextAnonymous,
    HomeAccountTextSignedIn,
    HomeGoToAccount,
    // Register.
    RegisterTitle,
    RegisterIntro,
    RegisterSubmit,
    AlreadyHaveAccount,
    // Check email.
    CheckEmailTitle,
    CheckEmailText,
    CheckEmailSpam,
    // Verify email.
    VerifyTitle,
    VerifyInProgress,
    VerifySuccess,
    VerifyMissingToken,
    GoToLogin,
    // Login.
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
    // Second factor (/account/security).
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
    // Forgot / reset password.
    ForgotTitle,
    ForgotIntro,
    ForgotSubmit,
    ForgotSent,
    ResetTitle,
    ResetIntro,
    ResetSubmit,
    ResetMissingToken,
    RequestNewLink,
    // Account.
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
    Cancel,
    AccountLoadFailed,
    Retry,
    MemberSince,
    // Fields.
    FieldEmail,
    FieldPassword,
    FieldNewPassword,
    FieldCurrentPassword,
    FieldDisplayName,
    FieldLanguage,
    FieldRole,
    FieldTotpCode,
    FieldRecoveryCode,
    HintTotpCode,
    HintRecoveryCode,
    HintEmail,
    HintNewPassword,
    HintDisplayName,
    HintLanguage,
    LanguageFrench,
    LanguageEnglish,
    // Roles.
    RoleResident,
    RoleStaff,
    RoleOfficial,
    RoleAdmin,
    RoleSyndicateAdmin,
    // Flash messages shown on the next page.
    FlashPasswordReset,
    FlashLoggedOut,
    FlashLoggedOutAll,
    FlashAccountDeleted,
    FlashLoginRequired,
    // Client-side validation.
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
    // API errors.
    ErrNetwork,
    ErrBadRequest,
    ErrWeakPassword,
    ErrUnauthenticated,
    ErrInvalidCredentials,
    ErrEmailNotVerified,
    ErrTotpRequired,
    ErrInvalidTotp,
    ErrTotpEnrolmentRequired,
    ErrAccountDisabled,
    ErrForbidden,
    ErrCsrf,
    ErrNotFound,
    ErrInvalidToken,
    ErrInternal,
    ErrUnavailable,
    ErrDirectoryUnavailable,
    ErrUnknownCategory,
    ErrInvalidImage,
    ErrImageTooLarge,
    ErrIdempotencyKeyReused,
    ErrTooManyPhotos,
    ErrInvalidTransition,
    ErrAccountBlocked,
    ErrResidencyRequired,
    ErrReopenExpired,
    ErrNotTrustee,
    ErrInvalidTrusteeMessage,
    ErrTrusteeStepMismatch,
    // Residency verification.
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
    AccountStaffTitle,
    ErrLastNameRequired,
    ErrFirstNameRequired,
    ErrBirthDateOrReference,
    ErrBirthDateInvalid,
    CensusTitle,
    CensusIntro,
    CensusNone,
    FieldCensusFile,
    HintCensusFile,
    CensusSubmit,
    ErrFileRequired,
    CensusRejectedTitle,
    CensusRejectedIntro,
    CensusRejectedCaption,
    ColLine,
    ColColumn,
    ColProblem,
    ManualTitle,
    ManualIntro,
    ManualSearchSubmit,
    ManualAccountTitle,
    FieldDistrict,
    FieldReason,
    HintReason,
    ManualSubmit,
    ManualRevokeSubmit,
    ManualVerified,
    ManualRevoked,
    ErrDistrictRequired,
    ErrReasonRequired,
    ErrAccountNotFound,
    // Consultations.
    NavConsultations,
    ConsultationsTitle,
    ConsultationsIntro,
    ConsultationsEmpty,
    ConsultationsCaption,
    ConsultationsBack,
    ConsultationColTitle,
    ConsultationOpens,
    ConsultationCloses,
    ConsultationDraft,
    ConsultationKeyCeremony,
    ConsultationOpen,
    ConsultationClosed,
    ConsultationTallying,
    ConsultationPublished,
    ConsultationNotFound,
    ConsultationPeriod,
    ConsultationWhoVotes,
    ConsultationFingerprint,
    ConsultationQuestions,
    ConsultationTrustees,
    EligibilityAllVerified,
    EligibilityDistricts,
    EligibilityList,
    QuestionChooseOne,
    QuestionBlankAllowed,
    TrusteesServer,
    // Voting, bulletin board, results.
    VoteTitle,
    VoteLink,
    VoteBackToConsultation,
    VoteIntro,
    VoteRevoteNote,
    VoteNotOpen,
    ConsultationStatusLabel,
    VoteSignInNeeded,
    VoteSignInHint,
    FieldCredential,
    HintCredential,
    HintCredentialFromLink,
    ErrCredentialRequired,
    ErrCredentialInvalid,
    VoteBlank,
    VoteBlankExplained,
    VoteSubmit,
    VoteEncrypting,
    VoteSending,
    VoteErrEncrypt,
    VoteErrNotEligible,
    VoteErrNotOpen,
    VoteErrInvalidBallot,
    VoteAgainTitle,
    VoteAgain,
    ReceiptTitle,
    ReceiptIntro,
    ReceiptTracker,
    ReceiptTime,
    ReceiptSignature,
    ReceiptElection,
    ReceiptDownload,
    ReceiptDownloaded,
    ReceiptDownloadFailed,
    ReceiptEmailed,
    ReceiptRevote,
    ReceiptCheckBoard,
    BoardLink,
    BoardTitle,
    BoardIntro,
    BoardNotOpen,
    BoardElectorate,
    BoardBallots,
    BoardWaiting,
    BoardVoters,
    BoardReceiptKey,
    BoardTrackersTitle,
    BoardColNumber,
    BoardColTracker,
    BoardColCounted,
    BoardCounted,
    BoardReplaced,
    BoardEmpty,
    BoardFoundMark,
    BoardFindTitle,
    FieldTracker,
    HintTracker,
    ErrTrackerRequired,
    BoardFindSubmit,
    BoardTrackerMissing,
    ReceiptCheckTitle,
    ReceiptCheckIntro,
    FieldReceiptFile,
    FieldReceipt,
    ReceiptCheckSubmit,
    ErrReceiptRequired,
    ErrReceiptInvalid,
    ReceiptCheckAllGood,
    ReceiptCheckProblem,
    ReceiptThisElection,
    ReceiptOtherElection,
    ReceiptSignatureValid,
    ReceiptSignatureInvalid,
    ReceiptOnBoard,
    ReceiptWaiting,
    ReceiptNotOnBoard,
    BoardArchiveTitle,
    BoardArchiveText,
    BoardArchiveDownload,
    ResultsLink,
    ResultsNotPublished,
    ResultsPublishedAt,
    ResultsTurnout,
    ResultsElectorate,
    ResultsVoted,
    ResultsTurnoutRate,
    ResultsWeights,
    ResultsPercentNote,
    ResultsColQuestion,
    ResultsColAnswer,
    ResultsColVotes,
    ResultsBreakdownTitle,
    ResultsBreakdownNote,
    ResultsColDistrict,
    ResultsColVoters,
    ResultsColPercent,
    ResultsExportTitle,
    ResultsCsv,
    ResultsCsvSaved,
    ResultsVerify,
    // Service requests.
    NavReport,
    NavMyRequests,
    NavQueue,
    HomeReportLink,
    HomeMyRequestsLink,
    StatusSubmitted,
    StatusAcknowledged,
    StatusInProgress,
    StatusResolved,
    StatusClosed,
    StatusRejected,
    StatusDuplicate,
    StatusChangeFrom,
    StatusChangeTo,
    EventSubmitted,
    EventStatus,
    EventPublicUpdate,
    EventInternalNote,
    EventComment,
    EventAssignment,
    EventReopened,
    NewRequestTitle,
    NewRequestIntro,
    NewRequestSubmit,
    NoCategories,
    FieldCategory,
    ChooseCategory,
    HintCategory,
    FieldDescription,
    HintDescription,
    WhereLegend,
    FieldAddress,
    HintAddress,
    HintLocate,
    UseMyPosition,
    GeoLocating,
    GeoFound,
    GeoDenied,
    GeoFailed,
    GeoUnsupported,
    Latitude,
    Longitude,
    Accuracy,
    ClearPosition,
    ChooseOption,
    PhotosTitle,
    HintPhotos,
    ChoosePhotos,
    PhotosFull,
    ChosenPhotos,
    Remove,
    PhotoRemoved,
    UploadProgressLabel,
    ResidencyNeededTitle,
    ErrCategoryRequired,
    ErrDescriptionRequired,
    ErrAddressRequired,
    ErrTooLong,
    ErrAnswerRequired,
    ErrChoiceRequired,
    ErrNumber,
    ErrDateTime,
    ErrPhotoType,
    ErrPhotoSize,
    FiledTitle,
    FiledNumberLabel,
    FiledText,
    MyRequestsTitle,
    MyRequestsEmpty,
    MyRequestsEmptyLink,
    ColNumber,
    ColCategory,
    ColStatus,
    ColFiled,
    ColUpdated,
    ColExcerpt,
    ColFollowers,
    ColAge,
    PaginationLabel,
    PreviousPage,
    NextPage,
    RequestNotFound,
    Coordinates,
    SeeOnMap,
    OpensOtherSite,
    DuplicateOf,
    Reporter,
    Assignee,
    Unassigned,
    AnswersTitle,
    HiddenByModeration,
    FollowersTitle,
    FollowHint,
    MeToo,
    FollowOn,
    FollowOff,
    TimelineTitle,
    ByReporter,
    ViaEmail,
    InternalNoteLabel,
    FlagContent,
    FieldFlagReason,
    HintFlagReason,
    FlagSubmit,
    FlagDone,
    HideContent,
    FieldHideReason,
    HintHideReason,
    HideSubmit,
    HiddenDone,
    CommentTitle,
    FieldComment,
    HintComment,
    CommentSubmit,
    CommentDone,
    ErrCommentRequired,
    ReopenTitle,
    FieldReopenReason,
    ReopenSubmit,
    ReopenDone,
    BackToQueue,
    BackToMyRequests,
    StaffActionsTitle,
    StatusFormTitle,
    FieldNewStatus,
    FieldStatusReason,
    HintStatusReason,
    FieldDuplicateOf,
    HintDuplicateOf,
    StatusSubmit,
    StatusDone,
    ErrStatusRequired,
    ErrDuplicateRequired,
    PublicUpdateTitle,
    FieldPublicUpdate,
    HintPublicUpdate,
    PublicUpdateSubmit,
    PublicUpdateDone,
    InternalNoteTitle,
    FieldInternalNote,
    InternalNoteSubmit,
    InternalNoteDone,
    ErrTextRequired,
    AssignTitle,
    FieldTeam,
    HintTeam,
    AssignSubmit,
    AssignDone,
    MembersLoadFailed,
    BlockTitle,
    FieldBlockReason,
    HintBlockReason,
    BlockSubmit,
    UnblockSubmit,
    BlockDone,
    UnblockDone,
    QueueTitle,
    FiltersTitle,
    FieldSearch,
    AllCategories,
    AllAssignees,
    UnassignedFilter,
    FieldMinAge,
    ErrWholeDays,
    FieldSort,
    SortOldest,
    SortNewest,
    SortRecentlyUpdated,
    SortMostFollowed,
    FilterSubmit,
    FilterReset,
    ResultsTitle,
    CsvExport,
    QueueEmpty,
    // Staff: categories, flags; administrators: audit log.
    NavCategories,
    NavFlags,
    NavAudit,
    CategoriesTitle,
    CategoriesIntro,
    NewCategory,
    CategoriesEmpty,
    NoGroup,
    CategoryActive,
    CategoryRetired,
    ColName,
    ColCode,
    ColState,
    ColQuestions,
    ColActions,
    Edit,
    CategoryFormNewTitle,
    FieldCode,
    HintCategoryCode,
    CodeFixed,
    FieldGroup,
    HintGroup,
    FieldNameFr,
    FieldNameEn,
    FieldDescriptionFr,
    FieldDescriptionEn,
    HintCategoryDescription,
    FieldKeywords,
    HintKeywords,
    FieldCategoryActive,
    HintCategoryActive,
    AttributesTitle,
    AttributesIntro,
    AttributesNone,
    AddAttribute,
    FieldAttrCode,
    HintAttrCode,
    FieldDatatype,
    DatatypeString,
    DatatypeText,
    DatatypeNumber,
    DatatypeDatetime,
    DatatypeSingle,
    DatatypeMulti,
    FieldAttrRequired,
    FieldLabelFr,
    FieldLabelEn,
    FieldHelpFr,
    FieldHelpEn,
    HintHelp,
    FieldChoicesLegend,
    FieldChoiceKey,
    FieldChoiceFr,
    FieldChoiceEn,
    AddChoice,
    MoveUp,
    MoveDown,
    RemoveQuestion,
    QuestionRemoved,
    ChoiceRemoved,
    SaveCategory,
    CategorySaved,
    CategoryCreated,
    ErrCategoryCode,
    ErrCategoryCodeTaken,
    ErrNameFrRequired,
    ErrNameEnRequired,
    ErrCategoryName,
    ErrCategoryDescription,
    ErrCategoryGroup,
    ErrTooManyAttributes,
    ErrAttributesInvalid,
    ErrAttrCode,
    ErrAttrCodeDuplicate,
    ErrLabelFrRequired,
    ErrLabelEnRequired,
    ErrChoicesRequired,
    ErrChoiceKey,
    ErrChoiceKeyDuplicate,
    ErrChoiceFrRequired,
    ErrChoiceEnRequired,
    FlagsTitle,
    FlagsIntro,
    FlagsEmpty,
    ColRequest,
    ColFlaggedContent,
    ColReason,
    ColDate,
    FlaggedDescription,
    FlaggedPhoto,
    ResolveFlag,
    FlagResolved,
    AuditTitle,
    AuditIntro,
    AuditChainValid,
    AuditChainValidText,
    AuditChainBroken,
    AuditEmpty,
    ColAction,
    ColActor,
    ColTarget,
    ColHash,
    AuditSystem,
    ActionPublicUpdate,
    ActionInternalNote,
    ActionAssign,
    ActionHide,
    ActionFlagResolved,
    ActionBlock,
    ActionUnblock,
    ActionCategoryCreate,
    ActionCategoryUpdate,
    ActionTotpReset,
    ActionCensusImport,
    ActionResidencyVerify,
    ActionResidencyRevoke,
    ActionDirectoryCreated,
    ActionDirectoryRole,
    ActionDirectoryDisabled,
    // The request form's map.
    MapHint,
    MapControlsLabel,
    MapWest,
    MapNorth,
    MapSouth,
    MapEast,
    MapZoomIn,
    MapZoomOut,
    MapPickCentre,
    MapOsmAttribution,
    // Placeholder pages.
    AccessibilityTitle,
    AccessibilityText,
    LegalTitle,
    LegalText,
    NotFoundTitle,
    NotFoundText,
    BackHome,
}

impl Key {
    /// This text in `lang`.
    pub fn text(self, lang: Language) -> &'static str {
        let (fr, en) = self.pair();
        match lang {
            Language::Fr => fr,
            Language::En => en,
        }
    }

    /// The `(French, English)` pair. Exhaustive: a new key needs both.
    fn pair(self) -> (&'static str, &'static str) {
        use Key::*;
        match self {
            SkipToContent => ("Aller au contenu principal", "Skip to main content"),
            MainNavLabel => ("Menu principal", "Main menu"),
            NavHome => ("Accueil", "Home"),
            NavLogin => ("Se connecter", "Sign in"),
            NavRegister => ("Créer un compte", "Create an account"),
            NavAccount => ("Mon compte", "My account"),
            LanguageSwitchLabel => ("Langue du site", "Site language"),
            SignedInAs => ("Connecté en tant que", "Signed in as"),
            LogoAlt => ("Logo de la commune", "Town logo"),
            FooterLabel => ("Informations sur le site", "About this site"),
            FooterAccessibility => (
                "Accessibilité\u{a0}: non conforme",
                "Accessibility: not compliant",
            ),
            FooterLegal => ("Mentions légales", "Legal notice"),
            FooterFreeSoftware => ("Voix — logiciel libre AGPL", "Voix — AGPL free software"),
            Loading => ("Chargement…", "Loading…"),
            RequiredMark => ("(obligatoire)", "(required)"),
            RequiredFieldsNote => (
                "Les champs marqués «\u{a0}(obligatoire)\u{a0}» doivent être remplis.",
                "Fields marked “(required)” must be filled in.",
            ),

            HomeTitle => ("Bienvenue sur Voix", "Welcome to Voix"),
            HomeLead => (
                "Voix est l’espace en ligne où la commune et ses habitants échangent\u{a0}: \
                 signalements, demandes et consultations, au même endroit.",
                "Voix is the online space where the town and its residents talk to each other: \
                 reports, requests and consultations, all in one place.",
            ),
            HomeReportTitle => ("Signaler un problème", "Report a problem"),
            HomeReportText => (
                "Nid-de-poule, éclairage en panne, dépôt sauvage\u{a0}: signalez-le aux services \
                 municipaux et suivez le traitement de votre demande.",
                "Pothole, broken street light, fly-tipping: tell the town’s services and follow \
                 how your request is handled.",
            ),
            HomeConsultTitle => ("Participer aux consultations", "Take part in consultations"),
            HomeConsultText => (
                "Donnez votre avis sur les projets de la commune et votez lors de consultations \
                 dont chacun peut vérifier le résultat.",
                "Give your opinion on the town’s projects and vote in consultations whose result \
                 anyone can verify.",
            ),
            ComingSoon => ("Bientôt disponible", "Coming soon"),
            HomeAccountTitle => ("Votre compte", "Your account"),
            HomeAccountTextAnonymous => (
                "Un compte vous permettra de suivre vos demandes et de participer aux \
                 consultations.",
                "An account lets you follow your requests and take part in consultations.",
            ),
            HomeAccountTextSignedIn => (
                "Vous êtes connecté. Retrouvez vos informations dans votre espace personnel.",
                "You are signed in. Your details are in your personal space.",
            ),
            HomeGoToAccount => ("Accéder à mon compte", "Go to my account"),

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
            ForgotPasswordLink => ("Mot de passe oublié\u{a0}?", "Forgotten your password?"),
            NoAccountYet => (
                "Pas encore de compte\u{a0}? Créer un compte",
                "No account yet? Create an account",
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
            Cancel => ("Annuler", "Cancel"),
            AccountLoadFailed => (
                "Impossible de charger votre compte.",
                "Your account could not be loaded.",
            ),
            Retry => ("Réessayer", "Try again"),
            MemberSince => ("Compte créé le", "Account created on"),

            FieldEmail => ("Adresse électronique", "Email address"),
            FieldPassword => ("Mot de passe", "Password"),
            FieldNewPassword => ("Nouveau mot de passe", "New password"),
            FieldCurrentPassword => ("Mot de passe actuel", "Current password"),
            FieldDisplayName => ("Nom affiché", "Display name"),
            FieldLanguage => ("Langue", "Language"),
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
            HintLanguage => (
                "Langue du site et des e-mails que vous recevrez.",
                "Language of the site and of the emails you receive.",
            ),
            LanguageFrench => ("Français", "French"),
            LanguageEnglish => ("Anglais", "English"),

            RoleResident => ("Habitant", "Resident"),
            RoleStaff => ("Agent municipal", "Municipal staff"),
            RoleOfficial => ("Élu", "Elected official"),
            RoleAdmin => ("Administrateur de la commune", "Town administrator"),
            RoleSyndicateAdmin => ("Administrateur du syndicat", "Syndicate administrator"),

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

            ErrNetwork => (
                "Le serveur est injoignable. Vérifiez votre connexion puis réessayez.",
                "The server cannot be reached. Check your connection and try again.",
            ),
            ErrBadRequest => (
                "La demande n’a pas pu être traitée. Rechargez la page et réessayez.",
                "The request could not be processed. Reload the page and try again.",
            ),
            ErrWeakPassword => (
                "Ce mot de passe est trop faible ou trop courant. Choisissez-en un autre, de 12 à \
                 128 caractères.",
                "This password is too weak or too common. Choose another one, 12 to 128 \
                 characters long.",
            ),
            ErrUnauthenticated => (
                "Votre session a expiré. Connectez-vous à nouveau.",
                "Your session has expired. Please sign in again.",
            ),
            ErrInvalidCredentials => (
                "Adresse électronique ou mot de passe incorrect.",
                "Incorrect email address or password.",
            ),
            ErrTotpRequired => (
                "Saisissez le code à usage unique de votre application d’authentification.",
                "Enter the one-time code from your authenticator app.",
            ),
            ErrInvalidTotp => (
                "Ce code n’est pas valide, a expiré ou a déjà servi. Attendez le code suivant \
                 et réessayez.",
                "This code is invalid, has expired or has already been used. Wait for the next \
                 code and try again.",
            ),
            ErrTotpEnrolmentRequired => (
                "Configurez d’abord la double authentification de votre compte.",
                "Please set up two-step verification for your account first.",
            ),
            ErrTotpCodeFormat => ("Saisissez le code à 6 chiffres.", "Enter the 6-digit code."),
            ErrRecoveryCodeRequired => ("Saisissez un code de secours.", "Enter a recovery code."),
            ErrEmailNotVerified => (
                "Votre adresse électronique n’est pas encore confirmée. Ouvrez le lien reçu par \
                 e-mail pour activer votre compte.",
                "Your email address is not confirmed yet. Open the link we emailed you to \
                 activate your account.",
            ),
            ErrAccountDisabled => (
                "Ce compte a été désactivé. Contactez la mairie pour en savoir plus.",
                "This account has been disabled. Contact the town hall to find out more.",
            ),
            ErrForbidden => (
                "Vous n’avez pas les droits nécessaires pour cette action.",
                "You are not allowed to do this.",
            ),
            ErrCsrf => (
                "La demande a été refusée par sécurité. Rechargez la page et réessayez.",
                "The request was refused for security reasons. Reload the page and try again.",
            ),
            ErrNotFound => ("Élément introuvable.", "Not found."),
            ErrInvalidToken => (
                "Ce lien n’est pas valide ou a expiré. Demandez-en un nouveau.",
                "This link is invalid or has expired. Please ask for a new one.",
            ),
            ErrInternal => (
                "Une erreur est survenue sur le serveur. Réessayez dans quelques instants.",
                "Something went wrong on the server. Please try again in a moment.",
            ),
            ErrUnavailable => (
                "Le service est momentanément indisponible. Réessayez dans quelques instants.",
                "The service is temporarily unavailable. Please try again in a moment.",
            ),
            ErrDirectoryUnavailable => (
                "L’annuaire de la mairie est injoignable : la connexion avec le compte de la \
                 mairie est impossible pour le moment. Réessayez plus tard ou contactez le \
                 service informatique.",
                "The town hall’s directory cannot be reached: signing in with a town hall \
                 account is not possible for now. Try again later or contact the IT department.",
            ),
            ErrUnknownCategory => (
                "Cette catégorie n’existe pas ou n’est plus proposée. Choisissez-en une dans la liste.",
                "This category does not exist or is no longer offered. Choose one from the list.",
            ),
            ErrInvalidImage => (
                "Cette photo n’a pas pu être lue : envoyez une image JPEG, PNG ou WebP de 8\u{a0}Mo et 8\u{a0}000\u{a0}pixels de côté au plus.",
                "This photo could not be read: send a JPEG, PNG or WebP image of at most 8 MB and 8,000 pixels on each side.",
            ),
            ErrImageTooLarge => (
                "Cette photo a trop de pixels\u{a0}: 24\u{a0}mégapixels au plus (par exemple 6\u{a0}000 × 4\u{a0}000). Réduisez-la ou choisissez une définition plus basse dans l’appareil photo.",
                "This photo has too many pixels: at most 24 megapixels (for example 6,000 × 4,000). Shrink it or choose a lower resolution in the camera.",
            ),
            ErrIdempotencyKeyReused => (
                "Ce formulaire a déjà été envoyé avec un autre contenu. Rechargez la page et recommencez.",
                "This form was already sent with other content. Reload the page and try again.",
            ),
            ErrTooManyPhotos => (
                "Vous pouvez joindre 3\u{a0}photos au plus.",
                "You can attach at most 3 photos.",
            ),
            ErrInvalidTransition => (
                "Cette demande ne peut pas passer à ce statut depuis son statut actuel. Rechargez la page pour voir son état à jour.",
                "This request cannot move to that status from its current one. Reload the page to see its current state.",
            ),
            ErrAccountBlocked => (
                "La mairie a bloqué la publication depuis votre compte : vous pouvez consulter les demandes, mais plus en déposer ni en commenter.",
                "The town hall has blocked posting from your account: you can still read requests, but no longer file or comment on them.",
            ),
            ErrResidencyRequired => (
                "Pour déposer une demande, vous devez d’abord justifier de votre résidence dans la commune.",
                "To file a request, you must first verify that you live in the town.",
            ),
            ErrReopenExpired => (
                "Le délai pour rouvrir cette demande est dépassé. Vous pouvez déposer une nouvelle demande.",
                "The time to reopen this request has passed. You can file a new request.",
            ),
            ErrNotTrustee => (
                "Vous ne détenez pas de clé de cette consultation.",
                "You do not hold a key of this consultation.",
            ),
            ErrInvalidTrusteeMessage => (
                "Ce message a été refusé par le serveur : rien n’a été enregistré. Vérifiez que vous avez choisi le bon fichier de clé.",
                "The server refused this message: nothing was saved. Check that you chose the right key file.",
            ),
            ErrTrusteeStepMismatch => (
                "Cette étape n’est pas attendue maintenant : elle est peut-être déjà faite. Rechargez la page.",
                "This step is not expected now: it may already be done. Reload the page.",
            ),

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
            CensusTitle => ("Recensement des habitants", "Residents’ census"),
            CensusIntro => (
                "Importez le fichier CSV du recensement : il remplace entièrement le précédent, et seulement si toutes ses lignes sont valides. Colonnes (ligne d’en-tête) : nom, prenom, date_naissance, reference, adresse, quartier — une date de naissance ou une référence par ligne. Séparateur point-virgule ou virgule ; encodage UTF-8 ou Windows-1252 (Excel) ; 10 Mo au plus.",
                "Import the census CSV file: it replaces the previous one entirely, and only if every row is valid. Columns (header line): last_name, first_name, birth_date, reference, address, district — a date of birth or a reference on each row. Semicolon or comma separated; UTF-8 or Windows-1252 (Excel) encoding; 10 MB at most.",
            ),
            CensusNone => (
                "Aucun recensement n’a encore été importé.",
                "No census has been imported yet.",
            ),
            FieldCensusFile => ("Fichier du recensement (CSV)", "Census file (CSV)"),
            HintCensusFile => (
                "Un fichier .csv exporté de votre tableur (Excel : « CSV (séparateur : point-virgule) »).",
                "A .csv file exported from your spreadsheet (Excel: “CSV (semicolon delimited)”).",
            ),
            CensusSubmit => ("Importer", "Import"),
            ErrFileRequired => ("Choisissez un fichier CSV.", "Choose a CSV file."),
            CensusRejectedTitle => (
                "Fichier refusé : rien n’a été importé",
                "File refused: nothing was imported",
            ),
            CensusRejectedIntro => (
                "Corrigez les lignes ci-dessous dans votre tableur, puis importez à nouveau le fichier. Le recensement précédent reste en vigueur.",
                "Correct the rows below in your spreadsheet, then import the file again. The previous census stays in force.",
            ),
            CensusRejectedCaption => ("Lignes refusées", "Refused rows"),
            ColLine => ("Ligne", "Line"),
            ColColumn => ("Colonne", "Column"),
            ColProblem => ("Problème", "Problem"),
            ManualTitle => ("Vérifier une résidence", "Verify a residency"),
            ManualIntro => (
                "Recherchez le compte par son adresse électronique, puis vérifiez sa résidence après avoir vu un justificatif. Chaque vérification ou retrait est inscrit au journal d’audit avec votre identité et le motif.",
                "Find the account by its email address, then verify its residency after seeing a proof of address. Every verification or revocation is written to the audit log with your identity and the reason.",
            ),
            ManualSearchSubmit => ("Rechercher", "Search"),
            ManualAccountTitle => ("Compte trouvé", "Account found"),
            FieldDistrict => ("Quartier", "District"),
            FieldReason => ("Motif", "Reason"),
            HintReason => (
                "Conservé dans le journal d’audit, par exemple « justificatif de domicile présenté au guichet ».",
                "Kept in the audit log, for example “proof of address shown at the desk”.",
            ),
            ManualSubmit => ("Vérifier ce compte", "Verify this account"),
            ManualRevokeSubmit => ("Retirer la vérification", "Revoke the verification"),
            ManualVerified => (
                "La résidence de ce compte est vérifiée.",
                "This account’s residency is verified.",
            ),
            ManualRevoked => (
                "La vérification a été retirée.",
                "The verification has been revoked.",
            ),
            ErrDistrictRequired => ("Saisissez le quartier.", "Enter the district."),
            ErrReasonRequired => ("Saisissez le motif.", "Enter the reason."),
            ErrAccountNotFound => (
                "Aucun compte de la commune n’a cette adresse.",
                "No account of this town has this address.",
            ),
            NavConsultations => ("Consultations", "Consultations"),
            ConsultationsTitle => ("Consultations", "Consultations"),
            ConsultationsIntro => (
                "La commune consulte ses habitants par des votes chiffrés et vérifiables : chacun peut vérifier que son bulletin est compté, et personne ne peut savoir ce qu’il contient.",
                "The town consults its residents through encrypted, verifiable ballots: everyone can check that their ballot is counted, and nobody can learn what it contains.",
            ),
            ConsultationsEmpty => (
                "Aucune consultation pour le moment.",
                "No consultations yet.",
            ),
            ConsultationsCaption => ("Consultations de la commune", "The town’s consultations"),
            ConsultationsBack => ("Toutes les consultations", "All consultations"),
            ConsultationColTitle => ("Consultation", "Consultation"),
            ConsultationOpens => ("Ouverture du vote", "Voting opens"),
            ConsultationCloses => ("Clôture du vote", "Voting closes"),
            ConsultationDraft => ("Brouillon", "Draft"),
            ConsultationKeyCeremony => ("Préparation des clés", "Key ceremony"),
            ConsultationOpen => ("Vote ouvert", "Voting open"),
            ConsultationClosed => ("Vote clos", "Voting closed"),
            ConsultationTallying => ("Dépouillement en cours", "Counting"),
            ConsultationPublished => ("Résultats publiés", "Results published"),
            ConsultationNotFound => (
                "Cette consultation n’existe pas ou n’est pas encore publiée.",
                "This consultation does not exist or is not published yet.",
            ),
            ConsultationPeriod => ("Période de vote", "Voting period"),
            ConsultationWhoVotes => ("Qui peut voter", "Who may vote"),
            ConsultationFingerprint => ("Empreinte de l’élection", "Election fingerprint"),
            ConsultationQuestions => ("Questions", "Questions"),
            ConsultationTrustees => ("Garants du dépouillement", "Trustees"),
            EligibilityAllVerified => (
                "Les habitants dont la résidence dans la commune est vérifiée.",
                "Residents whose residence in the town is verified.",
            ),
            EligibilityDistricts => (
                "Les habitants vérifiés de ces quartiers :",
                "Verified residents of these districts:",
            ),
            EligibilityList => (
                "Les personnes inscrites sur la liste des votants de cette consultation.",
                "The people on this consultation’s list of voters.",
            ),
            QuestionChooseOne => ("Une seule réponse.", "One answer."),
            QuestionBlankAllowed => ("Le vote blanc est possible.", "A blank vote is allowed."),
            TrusteesServer => (
                "La clé de déchiffrement est détenue par le serveur de la commune.",
                "The decryption key is held by the town’s server.",
            ),
            VoteTitle => ("Voter", "Vote"),
            VoteLink => ("Voter", "Vote"),
            VoteBackToConsultation => ("Retour à la consultation", "Back to the consultation"),
            VoteIntro => (
                "Votre bulletin est chiffré dans votre navigateur avant d’être envoyé\u{a0}: personne, pas même la mairie, ne peut lire votre choix. Il est signé avec votre code de vote personnel, reçu par courriel.",
                "Your ballot is encrypted in your browser before it is sent: nobody, not even the town hall, can read your choice. It is signed with your personal voting code, received by email.",
            ),
            VoteRevoteNote => (
                "Vous pouvez voter plusieurs fois\u{a0}: seul votre dernier bulletin compte.",
                "You may vote several times: only your last ballot counts.",
            ),
            VoteNotOpen => (
                "Le vote n’est pas ouvert pour cette consultation.",
                "Voting is not open for this consultation.",
            ),
            ConsultationStatusLabel => ("Statut\u{a0}:", "Status:"),
            VoteSignInNeeded => ("Connectez-vous pour voter.", "Sign in to vote."),
            VoteSignInHint => (
                "Après vous être connecté(e), revenez sur cette page par le lien du courriel qui contient votre code de vote, ou saisissez ce code vous-même.",
                "Once signed in, come back to this page through the link in the email that holds your voting code, or type the code yourself.",
            ),
            FieldCredential => ("Code de vote", "Voting code"),
            HintCredential => (
                "Le code reçu par courriel, de la forme XXX-XXX-XXX-XXX-XXX. Il reste dans votre navigateur\u{a0}: seul le bulletin qu’il signe est envoyé.",
                "The code received by email, in the form XXX-XXX-XXX-XXX-XXX. It stays in your browser: only the ballot it signs is sent.",
            ),
            HintCredentialFromLink => (
                "Il a été rempli à partir du lien de votre courriel.",
                "It was filled in from the link in your email.",
            ),
            ErrCredentialRequired => ("Saisissez votre code de vote.", "Enter your voting code."),
            ErrCredentialInvalid => (
                "Ce code de vote n’est pas valide\u{a0}: recopiez-le depuis votre courriel (15 caractères, tirets facultatifs).",
                "This voting code is not valid: copy it again from your email (15 characters, dashes optional).",
            ),
            VoteBlank => ("Vote blanc", "Blank vote"),
            VoteBlankExplained => (
                "Vous pouvez aussi voter blanc\u{a0}: ce choix décoche les réponses.",
                "You may also vote blank: this choice unticks the answers.",
            ),
            VoteSubmit => (
                "Chiffrer et envoyer mon bulletin",
                "Encrypt and cast my ballot",
            ),
            VoteEncrypting => (
                "Chiffrement de votre bulletin et calcul des preuves dans votre navigateur… Cela peut prendre quelques secondes.",
                "Encrypting your ballot and computing its proofs in your browser… This may take a few seconds.",
            ),
            VoteSending => (
                "Envoi de votre bulletin chiffré…",
                "Sending your encrypted ballot…",
            ),
            VoteErrEncrypt => (
                "Votre bulletin n’a pas pu être chiffré dans ce navigateur. Réessayez, ou utilisez un autre navigateur.",
                "Your ballot could not be encrypted in this browser. Try again, or use another browser.",
            ),
            VoteErrNotEligible => (
                "Votre compte ne figure pas parmi les votants de cette consultation. Vérifiez que vous êtes connecté(e) avec l’adresse qui a reçu le code de vote.",
                "Your account is not among this consultation’s voters. Check that you are signed in with the address that received the voting code.",
            ),
            VoteErrNotOpen => (
                "Le vote n’est pas ouvert\u{a0}: il n’a pas encore commencé ou il est clos. Votre bulletin n’a pas été enregistré.",
                "Voting is not open: it has not started yet or it has closed. Your ballot was not recorded.",
            ),
            VoteErrInvalidBallot => (
                "Le bulletin a été refusé. Le plus souvent, le code de vote n’est pas celui de cette consultation\u{a0}: vérifiez-le dans votre courriel.",
                "The ballot was refused. Most often, the voting code is not this consultation’s: check it in your email.",
            ),
            VoteAgainTitle => ("Voter à nouveau", "Vote again"),
            VoteAgain => ("Voter à nouveau", "Vote again"),
            ReceiptTitle => ("Votre bulletin est enregistré", "Your ballot is recorded"),
            ReceiptIntro => (
                "Voici votre reçu, signé par le serveur de la commune\u{a0}: il prouve que votre bulletin a été accepté. Gardez-le.",
                "Here is your receipt, signed by the town’s server: it proves that your ballot was accepted. Keep it.",
            ),
            ReceiptTracker => ("Numéro de suivi du bulletin", "Ballot tracker"),
            ReceiptTime => ("Enregistré le", "Recorded on"),
            ReceiptSignature => ("Signature du serveur", "Server signature"),
            ReceiptElection => ("Identifiant de l’élection", "Election identifier"),
            ReceiptDownload => (
                "Télécharger le reçu (fichier JSON)",
                "Download the receipt (JSON file)",
            ),
            ReceiptDownloaded => ("Le reçu a été téléchargé.", "The receipt was downloaded."),
            ReceiptDownloadFailed => (
                "Le navigateur n’a pas permis le téléchargement.",
                "The browser did not allow the download.",
            ),
            ReceiptEmailed => (
                "Un courriel vous confirme le vote, sans le numéro de suivi\u{a0}: rien de ce que garde la mairie ne doit relier votre adresse à votre bulletin. Téléchargez ou notez ce reçu pour vérifier l’urne.",
                "An email confirms your vote, without the tracker: nothing the town hall keeps may tie your address to your ballot. Download or write down this receipt to check the ballot box.",
            ),
            ReceiptRevote => (
                "Vous pouvez voter à nouveau tant que le vote est ouvert\u{a0}: seul votre dernier bulletin comptera. Les précédents restent sur l’urne, marqués comme remplacés.",
                "You may vote again while voting is open: only your last ballot will count. The earlier ones stay on the ballot box, marked as replaced.",
            ),
            ReceiptCheckBoard => (
                "Vérifier mon bulletin sur l’urne",
                "Check my ballot on the ballot box",
            ),
            BoardLink => ("Urne publique", "Public ballot box"),
            BoardTitle => ("Urne publique", "Public ballot box"),
            BoardIntro => (
                "Chaque bulletin reçu figure ici par son numéro de suivi, sans aucune identité. Les bulletins y paraissent par lots mélangés, pour que rien ne relie un votant à son bulletin\u{a0}: le vôtre peut attendre le prochain lot. Vérifiez qu’il y est, et téléchargez l’archive pour recompter vous-même.",
                "Every ballot received is listed here by its tracker, without any identity. Ballots appear in shuffled batches, so that nothing ties a voter to their ballot: yours may be waiting for the next batch. Check that it is there, and download the archive to recount yourself.",
            ),
            BoardNotOpen => (
                "L’urne sera publique dès l’ouverture du vote.",
                "The ballot box will be public as soon as voting opens.",
            ),
            BoardElectorate => ("Votants inscrits", "Registered voters"),
            BoardBallots => (
                "Bulletins reçus (nouveaux votes compris)",
                "Ballots received (revotes included)",
            ),
            BoardWaiting => (
                "Bulletins en attente du prochain lot",
                "Ballots waiting for the next batch",
            ),
            BoardVoters => (
                "Votants (bulletins qui comptent)",
                "Voters (ballots that count)",
            ),
            BoardReceiptKey => ("Clé publique des reçus", "Receipts’ public key"),
            BoardTrackersTitle => ("Bulletins de l’urne", "Ballots in the box"),
            BoardColNumber => ("N°", "No."),
            BoardColTracker => ("Numéro de suivi", "Tracker"),
            BoardColCounted => ("Prise en compte", "Counts"),
            BoardCounted => ("Compté", "Counted"),
            BoardReplaced => (
                "Remplacé par un vote ultérieur",
                "Replaced by a later ballot",
            ),
            BoardEmpty => ("Aucun bulletin pour le moment.", "No ballots yet."),
            BoardFoundMark => (" (bulletin recherché)", " (the ballot you searched for)"),
            BoardFindTitle => ("Rechercher un numéro de suivi", "Find a ballot tracker"),
            FieldTracker => ("Numéro de suivi", "Ballot tracker"),
            HintTracker => (
                "Tel qu’il figure sur votre reçu.",
                "As shown on your receipt.",
            ),
            ErrTrackerRequired => ("Saisissez un numéro de suivi.", "Enter a ballot tracker."),
            BoardFindSubmit => ("Rechercher", "Search"),
            BoardTrackerMissing => (
                "Aucun bulletin publié sur l’urne n’a ce numéro de suivi. Un bulletin tout juste déposé attend peut-être le prochain lot\u{a0}: vérifiez votre reçu ci-dessous.",
                "No ballot published in the box has this tracker. A ballot cast moments ago may be waiting for the next batch: check your receipt below.",
            ),
            ReceiptCheckTitle => ("Vérifier un reçu", "Check a receipt"),
            ReceiptCheckIntro => (
                "Choisissez le fichier du reçu téléchargé après le vote, ou collez son contenu. Le serveur vérifie sa signature et cherche le bulletin sur l’urne.",
                "Choose the receipt file downloaded after voting, or paste its content. The server checks its signature and looks for the ballot in the box.",
            ),
            FieldReceiptFile => ("Fichier du reçu (JSON)", "Receipt file (JSON)"),
            FieldReceipt => ("Contenu du reçu", "Receipt content"),
            ReceiptCheckSubmit => ("Vérifier le reçu", "Check the receipt"),
            ErrReceiptRequired => (
                "Choisissez le fichier du reçu ou collez son contenu.",
                "Choose the receipt file or paste its content.",
            ),
            ErrReceiptInvalid => (
                "Ce contenu n’est pas un reçu de vote (fichier JSON attendu).",
                "This content is not a ballot receipt (a JSON file is expected).",
            ),
            ReceiptCheckAllGood => (
                "Reçu vérifié\u{a0}: votre bulletin est sur l’urne.",
                "Receipt verified: your ballot is in the box.",
            ),
            ReceiptCheckProblem => (
                "Ce reçu pose problème\u{a0}:",
                "There is a problem with this receipt:",
            ),
            ReceiptThisElection => (
                "Le reçu concerne bien cette consultation.",
                "The receipt is for this consultation.",
            ),
            ReceiptOtherElection => (
                "Le reçu ne concerne pas cette consultation.",
                "The receipt is not for this consultation.",
            ),
            ReceiptSignatureValid => (
                "La signature du serveur est valide.",
                "The server’s signature is valid.",
            ),
            ReceiptSignatureInvalid => (
                "La signature du serveur n’est pas valide\u{a0}: ce reçu n’a pas été émis par la commune, ou il a été modifié.",
                "The server’s signature is not valid: this receipt was not issued by the town, or it was altered.",
            ),
            ReceiptOnBoard => (
                "Le bulletin figure sur l’urne.",
                "The ballot is in the box.",
            ),
            ReceiptWaiting => (
                "Le bulletin est accepté\u{a0}; il paraîtra sur l’urne publique avec le prochain lot, et au plus tard à la clôture.",
                "The ballot is accepted; it will appear on the public ballot box with the next batch, at the latest when voting closes.",
            ),
            ReceiptNotOnBoard => (
                "Le bulletin ne figure pas sur l’urne.",
                "The ballot is not in the box.",
            ),
            BoardArchiveTitle => ("Archive de l’élection", "Election archive"),
            BoardArchiveText => (
                "L’archive contient l’élection, tous les bulletins chiffrés et, après le dépouillement, le résultat et ses preuves. Chacun peut la vérifier avec «\u{a0}belenios-tool election verify\u{a0}» ou «\u{a0}voix verify\u{a0}».",
                "The archive holds the election, every encrypted ballot and, after the count, the result and its proofs. Anyone can check it with “belenios-tool election verify” or “voix verify”.",
            ),
            BoardArchiveDownload => (
                "Télécharger l’archive (.bel)",
                "Download the archive (.bel)",
            ),
            ResultsLink => ("Résultats", "Results"),
            ResultsNotPublished => (
                "Les résultats ne sont pas encore publiés. Ils le seront après la clôture du vote et le dépouillement par les garants.",
                "The results are not published yet. They will be once voting has closed and the trustees have counted the ballots.",
            ),
            ResultsPublishedAt => ("Résultats publiés le", "Results published on"),
            ResultsTurnout => ("Participation", "Turnout"),
            ResultsElectorate => ("Inscrits", "Registered voters"),
            ResultsVoted => ("Votants", "Voters"),
            ResultsTurnoutRate => ("Taux de participation", "Turnout rate"),
            ResultsWeights => ("Voix pondérées", "Weighted votes"),
            ResultsPercentNote => (
                "Les pourcentages sont calculés sur le nombre de votants (voix pondérées le cas échéant)\u{a0}; à une question à plusieurs réponses, leur total peut dépasser 100\u{a0}%.",
                "Percentages are of the voters (weighted votes where weights apply); on a question with several answers, they may add up to more than 100%.",
            ),
            ResultsColQuestion => ("Question", "Question"),
            ResultsColAnswer => ("Réponse", "Answer"),
            ResultsColVotes => ("Voix", "Votes"),
            ResultsBreakdownTitle => ("Résultats par quartier", "Results by district"),
            ResultsBreakdownNote => (
                "Seuls les quartiers comptant assez de votants ont leurs résultats : les autres \
                 sont masqués pour protéger le secret du vote.",
                "Only districts with enough voters have their results: the others are \
                 suppressed to protect the secrecy of the vote.",
            ),
            ResultsColDistrict => ("Quartier", "District"),
            ResultsColVoters => ("Votants", "Voters"),
            ResultsColPercent => ("Part des votants", "Share of voters"),
            ResultsExportTitle => ("Télécharger et vérifier", "Download and verify"),
            ResultsCsv => (
                "Télécharger les résultats (CSV)",
                "Download the results (CSV)",
            ),
            ResultsCsvSaved => (
                "Le fichier CSV a été téléchargé.",
                "The CSV file was downloaded.",
            ),
            ResultsVerify => (
                "Chacun peut vérifier le dépouillement à partir de l’archive publique de l’élection, disponible sur la page de l’urne.",
                "Anyone can check the count from the election’s public archive, available on the ballot box page.",
            ),
            NavReport => ("Signaler un problème", "Report a problem"),
            NavMyRequests => ("Mes demandes", "My requests"),
            NavQueue => ("File des demandes", "Request queue"),
            HomeReportLink => ("Signaler un problème", "Report a problem"),
            HomeMyRequestsLink => ("Suivre mes demandes", "Follow my requests"),
            StatusSubmitted => ("Déposée", "Submitted"),
            StatusAcknowledged => ("Prise en compte", "Acknowledged"),
            StatusInProgress => ("En cours de traitement", "In progress"),
            StatusResolved => ("Résolue", "Resolved"),
            StatusClosed => ("Close", "Closed"),
            StatusRejected => ("Refusée", "Rejected"),
            StatusDuplicate => ("Doublon", "Duplicate"),
            StatusChangeFrom => ("Statut passé de", "Status changed from"),
            StatusChangeTo => ("à", "to"),
            EventSubmitted => ("Demande déposée", "Request filed"),
            EventStatus => ("Changement de statut", "Status change"),
            EventPublicUpdate => ("Message de la mairie", "Message from the town hall"),
            EventInternalNote => ("Note interne", "Internal note"),
            EventComment => ("Commentaire du demandeur", "Comment from the reporter"),
            EventAssignment => ("Affectation", "Assignment"),
            EventReopened => ("Demande rouverte", "Request reopened"),
            NewRequestTitle => ("Signaler un problème", "Report a problem"),
            NewRequestIntro => (
                "Décrivez le problème et indiquez où il se trouve\u{a0}: les services municipaux vous répondront ici et par e-mail.",
                "Describe the problem and say where it is: the town’s services will answer you here and by email.",
            ),
            NewRequestSubmit => ("Envoyer ma demande", "Send my request"),
            NoCategories => (
                "Aucune catégorie de demande n’est ouverte pour le moment. Contactez la mairie.",
                "No request category is open for now. Please contact the town hall.",
            ),
            FieldCategory => ("Catégorie", "Category"),
            ChooseCategory => ("— Choisir une catégorie —", "— Choose a category —"),
            HintCategory => (
                "Choisissez la catégorie la plus proche du problème.",
                "Choose the category closest to the problem.",
            ),
            FieldDescription => ("Description", "Description"),
            HintDescription => (
                "Que se passe-t-il\u{a0}? Depuis quand\u{a0}? Évitez d’indiquer des informations personnelles\u{a0}: la description peut être visible publiquement.",
                "What is happening? Since when? Avoid personal details: the description may be publicly visible.",
            ),
            WhereLegend => ("Où se trouve le problème\u{a0}?", "Where is the problem?"),
            FieldAddress => ("Adresse ou lieu", "Address or place"),
            HintAddress => (
                "Par exemple «\u{a0}12 rue de la Mairie\u{a0}» ou «\u{a0}parking du stade, près de l’entrée\u{a0}». Obligatoire si vous n’utilisez pas votre position.",
                "For example “12 rue de la Mairie” or “stadium car park, near the entrance”. Required unless you use your position.",
            ),
            HintLocate => (
                "Facultatif\u{a0}: votre navigateur vous demandera l’autorisation de partager votre position.",
                "Optional: your browser will ask for permission to share your position.",
            ),
            UseMyPosition => ("Utiliser ma position", "Use my position"),
            GeoLocating => ("Recherche de votre position…", "Finding your position…"),
            GeoFound => (
                "Position ajoutée à la demande.",
                "Position added to the request.",
            ),
            GeoDenied => (
                "Vous n’avez pas autorisé l’accès à votre position. Indiquez l’adresse à la place.",
                "You did not allow access to your position. Enter the address instead.",
            ),
            GeoFailed => (
                "Votre position n’a pas pu être déterminée. Indiquez l’adresse à la place.",
                "Your position could not be found. Enter the address instead.",
            ),
            GeoUnsupported => (
                "Votre navigateur ne permet pas de partager votre position. Indiquez l’adresse.",
                "Your browser cannot share your position. Enter the address.",
            ),
            Latitude => ("Latitude", "Latitude"),
            Longitude => ("Longitude", "Longitude"),
            Accuracy => ("Précision", "Accuracy"),
            ClearPosition => ("Retirer la position", "Remove the position"),
            ChooseOption => ("— Choisir —", "— Choose —"),
            PhotosTitle => ("Photos", "Photos"),
            HintPhotos => (
                "Facultatif. Jusqu’à 3\u{a0}photos JPEG, PNG ou WebP de 8\u{a0}Mo chacune au plus.",
                "Optional. Up to 3 JPEG, PNG or WebP photos of at most 8 MB each.",
            ),
            ChoosePhotos => ("Ajouter des photos", "Add photos"),
            PhotosFull => (
                "3\u{a0}photos choisies (maximum atteint)",
                "3 photos chosen (maximum reached)",
            ),
            ChosenPhotos => ("Photos choisies", "Chosen photos"),
            Remove => ("Retirer", "Remove"),
            PhotoRemoved => ("Photo retirée.", "Photo removed."),
            UploadProgressLabel => ("Envoi de la demande", "Sending the request"),
            ResidencyNeededTitle => (
                "Justificatif de résidence nécessaire",
                "Proof of residency needed",
            ),
            ErrCategoryRequired => ("Choisissez une catégorie.", "Choose a category."),
            ErrDescriptionRequired => ("Décrivez le problème.", "Describe the problem."),
            ErrAddressRequired => (
                "Indiquez une adresse ou un lieu, ou utilisez votre position.",
                "Enter an address or place, or use your position.",
            ),
            ErrTooLong => (
                "Ce texte est trop long\u{a0}: raccourcissez-le.",
                "This text is too long: shorten it.",
            ),
            ErrAnswerRequired => ("Répondez à cette question.", "Answer this question."),
            ErrChoiceRequired => ("Choisissez une réponse.", "Choose an answer."),
            ErrNumber => (
                "Saisissez un nombre, par exemple 2 ou 2,5.",
                "Enter a number, for example 2 or 2.5.",
            ),
            ErrDateTime => (
                "Saisissez une date et une heure valides.",
                "Enter a valid date and time.",
            ),
            ErrPhotoType => (
                "Seules les photos JPEG, PNG ou WebP sont acceptées.",
                "Only JPEG, PNG or WebP photos are accepted.",
            ),
            ErrPhotoSize => (
                "Cette photo dépasse 8\u{a0}Mo\u{a0}: choisissez-en une plus légère.",
                "This photo is larger than 8 MB: choose a smaller one.",
            ),
            FiledTitle => (
                "Votre demande a bien été enregistrée.",
                "Your request has been recorded.",
            ),
            FiledNumberLabel => ("Numéro de suivi\u{a0}:", "Tracking number:"),
            FiledText => (
                "Conservez ce numéro. Un e-mail de confirmation vous a été envoyé, et vous serez prévenu à chaque étape du traitement.",
                "Keep this number. A confirmation email has been sent to you, and you will be told at each step of the handling.",
            ),
            MyRequestsTitle => ("Mes demandes", "My requests"),
            MyRequestsEmpty => (
                "Vous n’avez encore déposé aucune demande.",
                "You have not filed any request yet.",
            ),
            MyRequestsEmptyLink => ("Signaler un problème", "Report a problem"),
            ColNumber => ("Numéro", "Number"),
            ColCategory => ("Catégorie", "Category"),
            ColStatus => ("Statut", "Status"),
            ColFiled => ("Déposée le", "Filed on"),
            ColUpdated => ("Dernière mise à jour", "Last update"),
            ColExcerpt => ("Extrait", "Excerpt"),
            ColFollowers => ("Abonnés", "Followers"),
            ColAge => ("Ancienneté", "Age"),
            PaginationLabel => ("Pagination", "Pagination"),
            PreviousPage => ("Page précédente", "Previous page"),
            NextPage => ("Page suivante", "Next page"),
            RequestNotFound => (
                "Aucune demande ne porte ce numéro. Vérifiez le numéro de suivi.",
                "No request has this number. Check the tracking number.",
            ),
            Coordinates => ("Coordonnées", "Coordinates"),
            SeeOnMap => ("Voir sur OpenStreetMap", "See on OpenStreetMap"),
            OpensOtherSite => ("site externe", "external site"),
            DuplicateOf => ("Doublon de", "Duplicate of"),
            Reporter => ("Demandeur", "Reporter"),
            Assignee => ("Agent assigné", "Assigned to"),
            Unassigned => ("Non assignée", "Unassigned"),
            AnswersTitle => ("Informations complémentaires", "Further details"),
            HiddenByModeration => (
                "Contenu masqué par la modération.",
                "Content hidden by moderation.",
            ),
            FollowersTitle => ("Suivi", "Following"),
            FollowHint => (
                "Vous êtes concerné aussi\u{a0}? Suivez cette demande pour être prévenu par e-mail de son traitement.",
                "Affected too? Follow this request to be told by email how it is handled.",
            ),
            MeToo => ("Moi aussi", "Me too"),
            FollowOn => (
                "Vous suivez cette demande.",
                "You are following this request.",
            ),
            FollowOff => (
                "Vous ne suivez plus cette demande.",
                "You no longer follow this request.",
            ),
            TimelineTitle => ("Historique", "History"),
            ByReporter => ("par le demandeur", "by the reporter"),
            ViaEmail => ("reçu par e-mail", "received by email"),
            InternalNoteLabel => (
                "Note interne — non visible du public",
                "Internal note — not visible to the public",
            ),
            FlagContent => ("Signaler ce contenu", "Report this content"),
            FieldFlagReason => (
                "Pourquoi ce contenu pose-t-il problème\u{a0}?",
                "Why is this content a problem?",
            ),
            HintFlagReason => (
                "Propos injurieux, données personnelles… Les modérateurs de la mairie examineront votre signalement.",
                "Abuse, personal data… The town hall’s moderators will review your report.",
            ),
            FlagSubmit => ("Envoyer le signalement", "Send the report"),
            FlagDone => (
                "Merci, votre signalement a été transmis aux modérateurs.",
                "Thank you, your report has been sent to the moderators.",
            ),
            HideContent => ("Masquer ce contenu", "Hide this content"),
            FieldHideReason => ("Motif du masquage", "Reason for hiding"),
            HintHideReason => (
                "Communiqué à l’auteur et inscrit au journal d’audit.",
                "Sent to the author and written to the audit log.",
            ),
            HideSubmit => ("Masquer", "Hide"),
            HiddenDone => ("Le contenu a été masqué.", "The content has been hidden."),
            CommentTitle => ("Ajouter un commentaire", "Add a comment"),
            FieldComment => ("Votre commentaire", "Your comment"),
            HintComment => (
                "Une précision, une nouvelle information\u{a0}: les services municipaux le verront.",
                "A detail, some news: the town’s services will see it.",
            ),
            CommentSubmit => ("Publier le commentaire", "Post the comment"),
            CommentDone => (
                "Votre commentaire a été ajouté.",
                "Your comment has been added.",
            ),
            ErrCommentRequired => ("Saisissez votre commentaire.", "Enter your comment."),
            ReopenTitle => ("Le problème n’est pas réglé\u{a0}?", "Problem not solved?"),
            FieldReopenReason => (
                "Pourquoi rouvrir la demande\u{a0}?",
                "Why reopen the request?",
            ),
            ReopenSubmit => ("Rouvrir la demande", "Reopen the request"),
            ReopenDone => (
                "La demande a été rouverte.",
                "The request has been reopened.",
            ),
            BackToQueue => ("Retour à la file des demandes", "Back to the request queue"),
            BackToMyRequests => ("Retour à mes demandes", "Back to my requests"),
            StaffActionsTitle => ("Traitement de la demande", "Handling the request"),
            StatusFormTitle => ("Changer le statut", "Change the status"),
            FieldNewStatus => ("Nouveau statut", "New status"),
            FieldStatusReason => ("Motif", "Reason"),
            HintStatusReason => (
                "Public\u{a0}: affiché dans l’historique et envoyé par e-mail au demandeur et aux abonnés.",
                "Public: shown in the history and emailed to the reporter and followers.",
            ),
            FieldDuplicateOf => (
                "Numéro de la demande d’origine",
                "Number of the original request",
            ),
            HintDuplicateOf => ("Par exemple 2026-000123.", "For example 2026-000123."),
            StatusSubmit => ("Changer le statut", "Change the status"),
            StatusDone => ("Le statut a été modifié.", "The status has been changed."),
            ErrStatusRequired => ("Choisissez le nouveau statut.", "Choose the new status."),
            ErrDuplicateRequired => (
                "Indiquez le numéro de la demande d’origine.",
                "Enter the number of the original request.",
            ),
            PublicUpdateTitle => ("Message public", "Public message"),
            FieldPublicUpdate => (
                "Message au demandeur et aux abonnés",
                "Message to the reporter and followers",
            ),
            HintPublicUpdate => (
                "Affiché dans l’historique et envoyé par e-mail.",
                "Shown in the history and sent by email.",
            ),
            PublicUpdateSubmit => ("Publier le message", "Post the message"),
            PublicUpdateDone => (
                "Le message a été publié et envoyé.",
                "The message has been posted and sent.",
            ),
            InternalNoteTitle => ("Note interne", "Internal note"),
            FieldInternalNote => ("Note", "Note"),
            InternalNoteSubmit => ("Ajouter la note", "Add the note"),
            InternalNoteDone => (
                "La note interne a été ajoutée.",
                "The internal note has been added.",
            ),
            ErrTextRequired => ("Saisissez un texte.", "Enter some text."),
            AssignTitle => ("Affectation", "Assignment"),
            FieldTeam => ("Équipe", "Team"),
            HintTeam => (
                "Facultatif, par exemple «\u{a0}Voirie\u{a0}».",
                "Optional, for example “Roads”.",
            ),
            AssignSubmit => ("Enregistrer l’affectation", "Save the assignment"),
            AssignDone => (
                "L’affectation a été enregistrée.",
                "The assignment has been saved.",
            ),
            MembersLoadFailed => (
                "La liste des agents n’a pas pu être chargée.",
                "The list of staff could not be loaded.",
            ),
            BlockTitle => ("Bloquer le demandeur", "Block the reporter"),
            FieldBlockReason => ("Motif du blocage", "Reason for blocking"),
            HintBlockReason => (
                "Obligatoire pour bloquer. Communiqué à l’habitant et inscrit au journal d’audit.",
                "Required to block. Sent to the resident and written to the audit log.",
            ),
            BlockSubmit => ("Bloquer le compte", "Block the account"),
            UnblockSubmit => ("Débloquer le compte", "Unblock the account"),
            BlockDone => (
                "Le compte a été bloqué\u{a0}: il ne peut plus publier.",
                "The account has been blocked: it can no longer post.",
            ),
            UnblockDone => (
                "Le compte a été débloqué.",
                "The account has been unblocked.",
            ),
            QueueTitle => ("File des demandes", "Request queue"),
            FiltersTitle => ("Filtrer les demandes", "Filter the requests"),
            FieldSearch => ("Rechercher", "Search"),
            AllCategories => ("Toutes les catégories", "All categories"),
            AllAssignees => ("Tous", "Anyone"),
            UnassignedFilter => ("Non assignées", "Unassigned"),
            FieldMinAge => ("Âge minimal (jours)", "Minimum age (days)"),
            ErrWholeDays => (
                "Saisissez un nombre entier de jours.",
                "Enter a whole number of days.",
            ),
            FieldSort => ("Trier par", "Sort by"),
            SortOldest => ("Plus anciennes", "Oldest first"),
            SortNewest => ("Plus récentes", "Newest first"),
            SortRecentlyUpdated => ("Mises à jour récentes", "Recently updated"),
            SortMostFollowed => ("Plus suivies", "Most followed"),
            FilterSubmit => ("Filtrer", "Filter"),
            FilterReset => ("Réinitialiser", "Reset"),
            ResultsTitle => ("Résultats", "Results"),
            CsvExport => ("Exporter en CSV", "Export as CSV"),
            QueueEmpty => (
                "Aucune demande ne correspond à ces critères.",
                "No request matches these criteria.",
            ),
            NavCategories => ("Catégories", "Categories"),
            NavFlags => ("Signalements", "Flagged content"),
            NavAudit => ("Journal d’audit", "Audit log"),
            CategoriesTitle => ("Catégories de demandes", "Request categories"),
            CategoriesIntro => (
                "Les catégories proposées aux habitants quand ils signalent un problème, avec leurs questions complémentaires. Une catégorie retirée n’est plus proposée, mais ses demandes restent consultables.",
                "The categories offered to residents when they report a problem, with their extra questions. A retired category is no longer offered, but its requests remain available.",
            ),
            NewCategory => ("Nouvelle catégorie", "New category"),
            CategoriesEmpty => (
                "Aucune catégorie pour le moment\u{a0}: créez la première.",
                "No category yet: create the first one.",
            ),
            NoGroup => ("Sans groupe", "No group"),
            CategoryActive => ("Active", "Active"),
            CategoryRetired => ("Retirée", "Retired"),
            ColName => ("Nom", "Name"),
            ColCode => ("Code", "Code"),
            ColState => ("État", "State"),
            ColQuestions => ("Questions", "Questions"),
            ColActions => ("Actions", "Actions"),
            Edit => ("Modifier", "Edit"),
            CategoryFormNewTitle => ("Nouvelle catégorie", "New category"),
            FieldCode => ("Code", "Code"),
            HintCategoryCode => (
                "Identifiant technique (Open311)\u{a0}: lettres minuscules sans accent, chiffres, «\u{a0}-\u{a0}» et «\u{a0}_\u{a0}», 40 caractères au plus. Il ne pourra plus être modifié.",
                "Technical identifier (Open311): lower-case letters without accents, digits, “-” and “_”, at most 40 characters. It cannot be changed later.",
            ),
            CodeFixed => ("Code (non modifiable)", "Code (cannot be changed)"),
            FieldGroup => ("Groupe", "Group"),
            HintGroup => (
                "Facultatif. Les catégories d’un même groupe sont présentées ensemble, par exemple «\u{a0}Voirie\u{a0}».",
                "Optional. Categories of the same group are shown together, for example “Roads”.",
            ),
            FieldNameFr => ("Nom en français", "Name in French"),
            FieldNameEn => ("Nom en anglais", "Name in English"),
            FieldDescriptionFr => ("Description en français", "Description in French"),
            FieldDescriptionEn => ("Description en anglais", "Description in English"),
            HintCategoryDescription => (
                "Facultatif. Affichée aux habitants quand ils choisissent cette catégorie.",
                "Optional. Shown to residents when they choose this category.",
            ),
            FieldKeywords => ("Mots-clés", "Keywords"),
            HintKeywords => (
                "Facultatif. Séparés par des virgules, par exemple «\u{a0}trou, chaussée\u{a0}».",
                "Optional. Separated by commas, for example “hole, road”.",
            ),
            FieldCategoryActive => ("Catégorie active", "Active category"),
            HintCategoryActive => (
                "Décochez pour retirer la catégorie\u{a0}: elle ne sera plus proposée aux habitants.",
                "Untick to retire the category: it will no longer be offered to residents.",
            ),
            AttributesTitle => ("Questions complémentaires", "Extra questions"),
            AttributesIntro => (
                "Posées aux habitants après le choix de cette catégorie, dans cet ordre (20 au plus).",
                "Asked of residents once they choose this category, in this order (at most 20).",
            ),
            AttributesNone => ("Aucune question complémentaire.", "No extra question."),
            AddAttribute => ("Ajouter une question", "Add a question"),
            FieldAttrCode => ("Code de la question", "Question code"),
            HintAttrCode => (
                "Lettres minuscules sans accent, chiffres et «\u{a0}_\u{a0}»\u{a0}; unique dans la catégorie.",
                "Lower-case letters without accents, digits and “_”; unique in the category.",
            ),
            FieldDatatype => ("Type de réponse", "Answer type"),
            DatatypeString => ("Texte court", "Short text"),
            DatatypeText => ("Texte long", "Long text"),
            DatatypeNumber => ("Nombre", "Number"),
            DatatypeDatetime => ("Date et heure", "Date and time"),
            DatatypeSingle => ("Un choix dans une liste", "One choice from a list"),
            DatatypeMulti => (
                "Plusieurs choix dans une liste",
                "Several choices from a list",
            ),
            FieldAttrRequired => ("Réponse obligatoire", "Answer required"),
            FieldLabelFr => ("Question en français", "Question in French"),
            FieldLabelEn => ("Question en anglais", "Question in English"),
            FieldHelpFr => ("Aide en français", "Help in French"),
            FieldHelpEn => ("Aide en anglais", "Help in English"),
            HintHelp => (
                "Facultatif. Affichée sous la question.",
                "Optional. Shown under the question.",
            ),
            FieldChoicesLegend => ("Choix proposés", "Choices offered"),
            FieldChoiceKey => ("Clé", "Key"),
            FieldChoiceFr => ("Libellé en français", "Label in French"),
            FieldChoiceEn => ("Libellé en anglais", "Label in English"),
            AddChoice => ("Ajouter un choix", "Add a choice"),
            MoveUp => ("Monter", "Move up"),
            MoveDown => ("Descendre", "Move down"),
            RemoveQuestion => ("Retirer la question", "Remove question"),
            QuestionRemoved => ("Question retirée.", "Question removed."),
            ChoiceRemoved => ("Choix retiré.", "Choice removed."),
            SaveCategory => ("Enregistrer la catégorie", "Save the category"),
            CategorySaved => (
                "La catégorie a été enregistrée.",
                "The category has been saved.",
            ),
            CategoryCreated => (
                "La catégorie a été créée.",
                "The category has been created.",
            ),
            ErrCategoryCode => (
                "Saisissez un code de 1 à 40 caractères\u{a0}: lettres minuscules sans accent, chiffres, «\u{a0}-\u{a0}» ou «\u{a0}_\u{a0}».",
                "Enter a code of 1 to 40 characters: lower-case letters without accents, digits, “-” or “_”.",
            ),
            ErrCategoryCodeTaken => (
                "Une catégorie porte déjà ce code\u{a0}: choisissez-en un autre.",
                "A category already has this code: choose another one.",
            ),
            ErrNameFrRequired => ("Saisissez le nom en français.", "Enter the name in French."),
            ErrNameEnRequired => ("Saisissez le nom en anglais.", "Enter the name in English."),
            ErrCategoryName => (
                "Saisissez le nom en français et en anglais (100 caractères au plus).",
                "Enter the name in French and in English (at most 100 characters).",
            ),
            ErrCategoryDescription => (
                "Chaque description fait 1\u{a0}000 caractères au plus.",
                "Each description is at most 1,000 characters long.",
            ),
            ErrCategoryGroup => (
                "Le groupe fait 100 caractères au plus, les mots-clés 300.",
                "The group is at most 100 characters long, the keywords 300.",
            ),
            ErrTooManyAttributes => (
                "Une catégorie a 20 questions complémentaires au plus.",
                "A category has at most 20 extra questions.",
            ),
            ErrAttributesInvalid => (
                "Vérifiez les questions complémentaires\u{a0}: codes, libellés et choix.",
                "Check the extra questions: codes, labels and choices.",
            ),
            ErrAttrCode => (
                "saisissez un code de 1 à 40 caractères\u{a0}: lettres minuscules sans accent, chiffres ou «\u{a0}_\u{a0}».",
                "enter a code of 1 to 40 characters: lower-case letters without accents, digits or “_”.",
            ),
            ErrAttrCodeDuplicate => (
                "une autre question a déjà ce code.",
                "another question already has this code.",
            ),
            ErrLabelFrRequired => (
                "saisissez la question en français.",
                "enter the question in French.",
            ),
            ErrLabelEnRequired => (
                "saisissez la question en anglais.",
                "enter the question in English.",
            ),
            ErrChoicesRequired => ("ajoutez au moins un choix.", "add at least one choice."),
            ErrChoiceKey => (
                "saisissez une clé de 1 à 40 caractères\u{a0}: lettres minuscules sans accent, chiffres, «\u{a0}-\u{a0}» ou «\u{a0}_\u{a0}».",
                "enter a key of 1 to 40 characters: lower-case letters without accents, digits, “-” or “_”.",
            ),
            ErrChoiceKeyDuplicate => (
                "un autre choix a déjà cette clé.",
                "another choice already has this key.",
            ),
            ErrChoiceFrRequired => (
                "saisissez le libellé en français.",
                "enter the label in French.",
            ),
            ErrChoiceEnRequired => (
                "saisissez le libellé en anglais.",
                "enter the label in English.",
            ),
            FlagsTitle => ("Signalements à traiter", "Flagged content to review"),
            FlagsIntro => (
                "Contenus signalés par des habitants. Ouvrez la demande pour lire le contenu et, si besoin, le masquer, puis marquez le signalement comme traité.",
                "Content flagged by residents. Open the request to read the content and hide it if needed, then mark the flag as handled.",
            ),
            FlagsEmpty => (
                "Aucun signalement en attente.",
                "No flag is waiting for review.",
            ),
            ColRequest => ("Demande", "Request"),
            ColFlaggedContent => ("Contenu signalé", "Flagged content"),
            ColReason => ("Motif", "Reason"),
            ColDate => ("Date", "Date"),
            FlaggedDescription => ("Description de la demande", "The request’s description"),
            FlaggedPhoto => ("Photo", "Photo"),
            ResolveFlag => ("Marquer comme traité", "Mark as handled"),
            FlagResolved => (
                "Le signalement a été marqué comme traité.",
                "The flag has been marked as handled.",
            ),
            AuditTitle => ("Journal d’audit", "Audit log"),
            AuditIntro => (
                "Chaque action des agents et des administrateurs est inscrite dans ce journal et chaînée à la précédente par une empreinte SHA-256\u{a0}: une entrée modifiée ou supprimée rompt la chaîne.",
                "Every action of staff and administrators is written to this log and chained to the previous one by a SHA-256 hash: an altered or deleted entry breaks the chain.",
            ),
            AuditChainValid => ("Chaîne d’audit intègre", "Audit chain intact"),
            AuditChainValidText => (
                "Toutes les entrées du journal se vérifient.",
                "Every entry of the log verifies.",
            ),
            AuditChainBroken => ("Chaîne d’audit rompue", "Audit chain broken"),
            AuditEmpty => ("Le journal est vide.", "The log is empty."),
            ColAction => ("Action", "Action"),
            ColActor => ("Auteur", "Actor"),
            ColTarget => ("Cible", "Target"),
            ColHash => ("Empreinte", "Hash"),
            AuditSystem => ("Système", "System"),
            ActionPublicUpdate => ("Message public publié", "Public update posted"),
            ActionInternalNote => ("Note interne ajoutée", "Internal note added"),
            ActionAssign => ("Demande affectée", "Request assigned"),
            ActionHide => ("Contenu masqué", "Content hidden"),
            ActionFlagResolved => ("Signalement traité", "Flag handled"),
            ActionBlock => ("Compte bloqué", "Account blocked"),
            ActionUnblock => ("Compte débloqué", "Account unblocked"),
            ActionCategoryCreate => ("Catégorie créée", "Category created"),
            ActionCategoryUpdate => ("Catégorie modifiée", "Category updated"),
            ActionTotpReset => (
                "Double authentification réinitialisée",
                "Two-factor authentication reset",
            ),
            ActionCensusImport => ("Recensement importé", "Census imported"),
            ActionResidencyVerify => ("Résidence vérifiée", "Residency verified"),
            ActionResidencyRevoke => (
                "Vérification de résidence retirée",
                "Residency verification revoked",
            ),
            ActionDirectoryCreated => (
                "Compte créé depuis l’annuaire",
                "Account created from the directory",
            ),
            ActionDirectoryRole => (
                "Rôle mis à jour depuis l’annuaire",
                "Role updated from the directory",
            ),
            ActionDirectoryDisabled => (
                "Compte désactivé par l’annuaire",
                "Account disabled by the directory",
            ),
            MapHint => (
                "Facultatif\u{a0}: cliquez sur la carte à l’endroit du problème, ou déplacez la carte avec les boutons puis placez le repère au centre (marqué d’une croix).",
                "Optional: click the map where the problem is, or move the map with the buttons, then put the marker at its centre (marked with a cross).",
            ),
            MapControlsLabel => ("Carte", "Map"),
            MapWest => ("Déplacer la carte vers l’ouest", "Move the map west"),
            MapNorth => ("Déplacer la carte vers le nord", "Move the map north"),
            MapSouth => ("Déplacer la carte vers le sud", "Move the map south"),
            MapEast => ("Déplacer la carte vers l’est", "Move the map east"),
            MapZoomIn => ("Zoom avant", "Zoom in"),
            MapZoomOut => ("Zoom arrière", "Zoom out"),
            MapPickCentre => (
                "Placer le repère au centre de la carte",
                "Put the marker at the map’s centre",
            ),
            MapOsmAttribution => (
                "© contributeurs OpenStreetMap",
                "© OpenStreetMap contributors",
            ),
            AccessibilityTitle => ("Déclaration d’accessibilité", "Accessibility statement"),
            AccessibilityText => (
                "La déclaration d’accessibilité de ce service sera publiée prochainement par la \
                 commune. Le site vise la conformité au RGAA.",
                "The accessibility statement of this service will soon be published by the town. \
                 The site aims to comply with the RGAA (WCAG 2.1 AA).",
            ),
            LegalTitle => ("Mentions légales", "Legal notice"),
            LegalText => (
                "Les mentions légales de ce service seront publiées prochainement par la commune.",
                "The legal notice of this service will soon be published by the town.",
            ),
            NotFoundTitle => ("Page introuvable", "Page not found"),
            NotFoundText => (
                "La page que vous cherchez n’existe pas ou a été déplacée.",
                "The page you are looking for does not exist or has moved.",
            ),
            BackHome => ("Retour à l’accueil", "Back to the home page"),
        }
    }
}

/// The translated name of an account role.
pub fn role_key(role: Role) -> Key {
    match role {
        Role::Resident => Key::RoleResident,
        Role::Staff => Key::RoleStaff,
        Role::Official => Key::RoleOfficial,
        Role::Admin => Key::RoleAdmin,
        Role::SyndicateAdmin => Key::RoleSyndicateAdmin,
    }
}

/// The name of a language, written in the interface language.
pub fn language_key(language: Language) -> Key {
    match language {
        Language::Fr => Key::LanguageFrench,
        Language::En => Key::LanguageEnglish,
    }
}

/// A language's own name, written in that language (for the language switch).
pub fn endonym(language: Language) -> &'static str {
    match language {
        Language::Fr => "Français",
        Language::En => "English",
    }
}

/// Our own text for an API error code, when we have one better than the server's message.
/// `None` means "show the server's (already translated) message".
pub fn error_code_key(code: ErrorCode) -> Option<Key> {
    Some(match code {
        ErrorCode::InvalidBody
        | ErrorCode::PayloadTooLarge
        | ErrorCode::UnsupportedMediaType
        | ErrorCode::MethodNotAllowed => Key::ErrBadRequest,
        ErrorCode::WeakPassword => Key::ErrWeakPassword,
        ErrorCode::Unauthenticated => Key::ErrUnauthenticated,
        ErrorCode::InvalidCredentials => Key::ErrInvalidCredentials,
        ErrorCode::EmailNotVerified => Key::ErrEmailNotVerified,
        ErrorCode::TotpRequired => Key::ErrTotpRequired,
        ErrorCode::InvalidTotp => Key::ErrInvalidTotp,
        ErrorCode::TotpEnrolmentRequired => Key::ErrTotpEnrolmentRequired,
        ErrorCode::AccountDisabled => Key::ErrAccountDisabled,
        ErrorCode::Forbidden => Key::ErrForbidden,
        ErrorCode::Csrf => Key::ErrCsrf,
        ErrorCode::NotFound => Key::ErrNotFound,
        ErrorCode::InvalidToken => Key::ErrInvalidToken,
        ErrorCode::Internal => Key::ErrInternal,
        ErrorCode::Unavailable => Key::ErrUnavailable,
        ErrorCode::DirectoryUnavailable => Key::ErrDirectoryUnavailable,
        // The server's message names the field and the rule: more useful than ours.
        ErrorCode::Validation | ErrorCode::Conflict => return None,
        // Built with the Retry-After delay by `too_many_requests`.
        ErrorCode::TooManyRequests => return None,
        ErrorCode::ResidencyNotFound => Key::ResidencyNotFoundHelp,
        // The census page shows the refused rows itself.
        ErrorCode::CensusInvalid => return None,
        ErrorCode::UnknownCategory => Key::ErrUnknownCategory,
        ErrorCode::InvalidImage => Key::ErrInvalidImage,
        ErrorCode::ImageTooLarge => Key::ErrImageTooLarge,
        ErrorCode::IdempotencyKeyReused => Key::ErrIdempotencyKeyReused,
        ErrorCode::TooManyPhotos => Key::ErrTooManyPhotos,
        ErrorCode::InvalidTransition => Key::ErrInvalidTransition,
        ErrorCode::AccountBlocked => Key::ErrAccountBlocked,
        ErrorCode::ResidencyRequired => Key::ErrResidencyRequired,
        ErrorCode::ReopenExpired => Key::ErrReopenExpired,
        // The server's message says what is frozen, or which rows of the list it refused.
        ErrorCode::ConsultationFrozen | ErrorCode::VoterListInvalid => return None,
        ErrorCode::TrusteesNotReady
        | ErrorCode::ConsultationNotOpen
        | ErrorCode::NotEligible
        | ErrorCode::InvalidBallot
        | ErrorCode::ResultsNotPublished => return None,
        ErrorCode::NotTrustee => Key::ErrNotTrustee,
        // The server's message says which check failed.
        ErrorCode::InvalidTrusteeMessage => return None,
        ErrorCode::TrusteeStepMismatch => Key::ErrTrusteeStepMismatch,
    })
}

/// "Too many attempts", with the `Retry-After` delay when the server gave one.
pub fn too_many_requests(lang: Language, retry_after_secs: Option<u64>) -> String {
    let Some(secs) = retry_after_secs else {
        return match lang {
            Language::Fr => "Trop de tentatives. Patientez un moment puis réessayez.".to_owned(),
            Language::En => "Too many attempts. Wait a moment, then try again.".to_owned(),
        };
    };
    let (n, fr_unit, en_unit) = if secs >= 120 {
        (secs.div_ceil(60), "minutes", "minutes")
    } else if secs > 1 {
        (secs, "secondes", "seconds")
    } else {
        (1, "seconde", "second")
    };
    match lang {
        Language::Fr => format!("Trop de tentatives. Réessayez dans {n} {fr_unit}."),
        Language::En => format!("Too many attempts. Try again in {n} {en_unit}."),
    }
}

/// A server answer the SPA did not expect (e.g. an HTML error page from a proxy).
pub fn unexpected_response(lang: Language, status: u16) -> String {
    match lang {
        Language::Fr => format!(
            "Réponse inattendue du serveur (code {status}). Réessayez dans quelques instants."
        ),
        Language::En => {
            format!("Unexpected answer from the server (code {status}). Please try again later.")
        }
    }
}

/// The browser tab title: `"<page> — Voix — <town>"`.
pub fn document_title(page: &str, town: Option<&str>) -> String {
    match town {
        Some(town) => format!("{page} — Voix — {town}"),
        None => format!("{page} — Voix"),
    }
}

/// "Hello, <name>" on the home page.
pub fn hello(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!("Bonjour {name}."),
        Language::En => format!("Hello {name}."),
    }
}

/// The heading of the error summary, with the number of errors.
pub fn error_count(lang: Language, n: usize) -> String {
    match (lang, n) {
        (Language::Fr, 1) => "Le formulaire contient 1 erreur".to_owned(),
        (Language::Fr, n) => format!("Le formulaire contient {n} erreurs"),
        (Language::En, 1) => "There is 1 problem with the form".to_owned(),
        (Language::En, n) => format!("There are {n} problems with the form"),
    }
}

/// The BCP 47 locale used to format dates.
pub fn locale(lang: Language) -> &'static str {
    match lang {
        Language::Fr => "fr-FR",
        Language::En => "en-GB",
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

/// The census in force, on the census page.
pub fn census_summary(lang: Language, entries: u64, file: &str, date: &str) -> String {
    match lang {
        Language::Fr => {
            format!(
                "Recensement en vigueur : {entries} inscriptions, fichier « {file} » importé le {date}."
            )
        }
        Language::En => {
            format!("Census in force: {entries} entries, file “{file}” imported on {date}.")
        }
    }
}

/// After a successful census import.
pub fn census_imported(lang: Language, rows: u64) -> String {
    match lang {
        Language::Fr => format!("Recensement importé : {rows} lignes."),
        Language::En => format!("Census imported: {rows} rows."),
    }
}

/// The character counter under a text area: "120 caractères sur 5 000".
pub fn char_counter(lang: Language, count: usize, max: usize) -> String {
    if count > max {
        let over = count - max;
        return match lang {
            Language::Fr if over == 1 => "1 caractère de trop".to_owned(),
            Language::Fr => format!("{over} caractères de trop"),
            Language::En if over == 1 => "1 character too many".to_owned(),
            Language::En => format!("{over} characters too many"),
        };
    }
    match lang {
        Language::Fr => format!(
            "{count} caractère{} sur {max}",
            if count > 1 { "s" } else { "" }
        ),
        Language::En => format!("{count} of {max} characters"),
    }
}

/// The heading of a category's extra questions.
pub fn questions_about(lang: Language, category: &str) -> String {
    match lang {
        Language::Fr => format!("Précisions sur «\u{a0}{category}\u{a0}»"),
        Language::En => format!("Details about “{category}”"),
    }
}

/// The accessible name of a chosen photo's remove button.
pub fn remove_photo(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!("Retirer la photo {name}"),
        Language::En => format!("Remove the photo {name}"),
    }
}

/// The polite announcement of the upload's progress.
pub fn upload_progress(lang: Language, percent: u32) -> String {
    match (lang, percent) {
        (Language::Fr, 100) => "Envoi terminé, enregistrement de la demande…".to_owned(),
        (Language::En, 100) => "Upload complete, recording the request…".to_owned(),
        (Language::Fr, p) => format!("Envoi en cours\u{a0}: {p}\u{a0}%"),
        (Language::En, p) => format!("Uploading: {p}%"),
    }
}

/// "Demande 2026-000123", the heading and tab title of a request's page.
pub fn request_heading(lang: Language, number: &str) -> String {
    match lang {
        Language::Fr => format!("Demande {number}"),
        Language::En => format!("Request {number}"),
    }
}

/// The alternative text of a request's photo.
pub fn photo_alt(lang: Language, index: usize, number: &str) -> String {
    match lang {
        Language::Fr => format!("Photo {index} de la demande {number}"),
        Language::En => format!("Photo {index} of request {number}"),
    }
}

/// "Motif : …" after a moderation notice.
pub fn reason_is(lang: Language, reason: &str) -> String {
    match lang {
        Language::Fr => format!("Motif\u{a0}: {reason}"),
        Language::En => format!("Reason: {reason}"),
    }
}

/// How many people follow a request.
pub fn followers(lang: Language, n: u64) -> String {
    match (lang, n) {
        (Language::Fr, 0) => "Personne ne suit encore cette demande.".to_owned(),
        (Language::Fr, 1) => "1 personne suit cette demande.".to_owned(),
        (Language::Fr, n) => format!("{n} personnes suivent cette demande."),
        (Language::En, 0) => "Nobody follows this request yet.".to_owned(),
        (Language::En, 1) => "1 person follows this request.".to_owned(),
        (Language::En, n) => format!("{n} people follow this request."),
    }
}

/// Who wrote a timeline entry.
pub fn by_actor(lang: Language, actor: &str) -> String {
    match lang {
        Language::Fr => format!("par {actor}"),
        Language::En => format!("by {actor}"),
    }
}

/// The reopening window, on the reporter's view of a final request.
pub fn reopen_until(lang: Language, date: &str) -> String {
    match lang {
        Language::Fr => {
            format!("Si le problème persiste, vous pouvez rouvrir cette demande jusqu’au {date}.")
        }
        Language::En => {
            format!("If the problem remains, you can reopen this request until {date}.")
        }
    }
}

/// The introduction of the block form.
pub fn block_intro(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!(
            "Un compte bloqué peut toujours consulter les demandes mais ne peut plus en déposer, \
             commenter ni signaler. Demandeur\u{a0}: {name}."
        ),
        Language::En => format!(
            "A blocked account can still read requests but can no longer file, comment on or \
             flag them. Reporter: {name}."
        ),
    }
}

/// "Du" before the voting period's dates.
pub fn consultation_period(lang: Language) -> &'static str {
    match lang {
        Language::Fr => "Du",
        Language::En => "From",
    }
}

/// "Question 2 : " before a question's text, for screen readers.
pub fn question_number(lang: Language, n: usize) -> String {
    match lang {
        Language::Fr => format!("Question {n}\u{a0}: "),
        Language::En => format!("Question {n}: "),
    }
}

/// The rule of a multiple-choice question.
pub fn question_choose_between(lang: Language, min: u32, max: u32) -> String {
    match (lang, min == max) {
        (Language::Fr, true) => format!("Choisissez exactement {min}\u{a0}réponses."),
        (Language::En, true) => format!("Choose exactly {min} answers."),
        (Language::Fr, false) => format!("Choisissez de {min} à {max}\u{a0}réponses."),
        (Language::En, false) => format!("Choose {min} to {max} answers."),
    }
}

/// Who decrypts: "2 des 3 élus suivants … : A, B, C".
pub fn trustees_officials(lang: Language, threshold: u32, count: usize, names: &str) -> String {
    match lang {
        Language::Fr => format!(
            "Le résultat ne peut être déchiffré qu’avec l’accord d’au moins {threshold} des {count}\u{a0}élus garants\u{a0}: {names}. Un nombre inférieur ne peut rien apprendre des votes."
        ),
        Language::En => format!(
            "The result can only be decrypted by at least {threshold} of the {count} elected trustees: {names}. Fewer of them can learn nothing about the votes."
        ),
    }
}

/// The caption of the "my requests" table (`capped`: there are more than `total`).
pub fn my_requests_caption(lang: Language, total: u64, capped: bool) -> String {
    match (lang, total, capped) {
        (Language::Fr, n, true) => format!("Vos demandes (plus de {n}\u{a0}demandes)"),
        (Language::En, n, true) => format!("Your requests (more than {n} requests)"),
        (Language::Fr, 1, _) => "Vos demandes (1\u{a0}demande)".to_owned(),
        (Language::Fr, n, _) => format!("Vos demandes ({n}\u{a0}demandes)"),
        (Language::En, 1, _) => "Your requests (1 request)".to_owned(),
        (Language::En, n, _) => format!("Your requests ({n} requests)"),
    }
}

/// The caption of the staff queue's table (`capped`: there are more than `total`).
pub fn queue_caption(lang: Language, total: u64, capped: bool) -> String {
    match (lang, total, capped) {
        (Language::Fr, n, true) => {
            format!("Plus de {n}\u{a0}demandes correspondent aux filtres")
        }
        (Language::En, n, true) => format!("More than {n} requests match the filters"),
        (Language::Fr, 1, _) => "1\u{a0}demande correspond aux filtres".to_owned(),
        (Language::Fr, n, _) => format!("{n}\u{a0}demandes correspondent aux filtres"),
        (Language::En, 1, _) => "1 request matches the filters".to_owned(),
        (Language::En, n, _) => format!("{n} requests match the filters"),
    }
}

/// "Page 2 sur 5".
/// `more`: the server stopped counting, there are more than `pages`.
pub fn page_of(lang: Language, page: u32, pages: u32, more: bool) -> String {
    match (lang, more) {
        (Language::Fr, false) => format!("Page {page} sur {pages}"),
        (Language::En, false) => format!("Page {page} of {pages}"),
        (Language::Fr, true) => format!("Page {page} sur plus de {pages}"),
        (Language::En, true) => format!("Page {page} of more than {pages}"),
    }
}

/// The name of a question's answer type, for the category editor.
pub fn datatype_key(datatype: protocol::requests::AttributeType) -> Key {
    use protocol::requests::AttributeType as T;
    match datatype {
        T::String => Key::DatatypeString,
        T::Text => Key::DatatypeText,
        T::Number => Key::DatatypeNumber,
        T::Datetime => Key::DatatypeDatetime,
        T::Singlevaluelist => Key::DatatypeSingle,
        T::Multivaluelist => Key::DatatypeMulti,
    }
}

/// "Question 2", the legend of an extra question in the category editor.
pub fn question_n(lang: Language, n: usize) -> String {
    match lang {
        Language::Fr => format!("Question {n}"),
        Language::En => format!("Question {n}"),
    }
}

/// "Choix 1", the legend of a list question's choice.
pub fn choice_n(lang: Language, n: usize) -> String {
    match lang {
        Language::Fr => format!("Choix {n}"),
        Language::En => format!("Choice {n}"),
    }
}

/// The accessible name of a question's buttons: "Monter la question 2", "Retirer la question 2".
pub fn question_action(lang: Language, action: QuestionAction, n: usize) -> String {
    match (lang, action) {
        (Language::Fr, QuestionAction::Up) => format!("Monter la question {n}"),
        (Language::Fr, QuestionAction::Down) => format!("Descendre la question {n}"),
        (Language::Fr, QuestionAction::Remove) => format!("Retirer la question {n}"),
        (Language::En, QuestionAction::Up) => format!("Move up question {n}"),
        (Language::En, QuestionAction::Down) => format!("Move down question {n}"),
        (Language::En, QuestionAction::Remove) => format!("Remove question {n}"),
    }
}

/// What a button of a question in the category editor does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionAction {
    Up,
    Down,
    Remove,
}

/// The accessible name of a choice's remove button: "Retirer le choix 2 de la question 1".
pub fn remove_choice(lang: Language, choice: usize, question: usize) -> String {
    match lang {
        Language::Fr => format!("Retirer le choix {choice} de la question {question}"),
        Language::En => format!("Remove choice {choice} of question {question}"),
    }
}

/// The accessible name of a question's "add a choice" button.
pub fn add_choice_to(lang: Language, question: usize) -> String {
    match lang {
        Language::Fr => format!("Ajouter un choix à la question {question}"),
        Language::En => format!("Add a choice to question {question}"),
    }
}

/// Announced after a question moved.
pub fn question_moved(lang: Language, position: usize, total: usize) -> String {
    match lang {
        Language::Fr => format!("Question déplacée en position {position} sur {total}."),
        Language::En => format!("Question moved to position {position} of {total}."),
    }
}

/// Announced after an answer of a consultation's question moved.
pub fn answer_moved(lang: Language, position: usize, total: usize) -> String {
    match lang {
        Language::Fr => format!("Réponse déplacée en position {position} sur {total}."),
        Language::En => format!("Answer moved to position {position} of {total}."),
    }
}

/// An error about one question (or one of its choices) of the category editor, with where it is:
/// "Question 2, choix 1 : saisissez la clé."
pub fn question_error(
    lang: Language,
    question: usize,
    choice: Option<usize>,
    problem: Key,
) -> String {
    let where_ = match (lang, choice) {
        (Language::Fr, Some(c)) => format!("Question {question}, choix {c}"),
        (Language::En, Some(c)) => format!("Question {question}, choice {c}"),
        (_, None) => question_n(lang, question),
    };
    let text = problem.text(lang);
    match lang {
        Language::Fr => format!("{where_}\u{a0}: {text}"),
        Language::En => format!("{where_}: {text}"),
    }
}

/// The heading of the category form when editing: "Modifier « Nid-de-poule »".
pub fn edit_category_title(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!("Modifier «\u{a0}{name}\u{a0}»"),
        Language::En => format!("Edit “{name}”"),
    }
}

/// The accessible name of a category's edit button: "Modifier la catégorie Nid-de-poule".
pub fn edit_category(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!("Modifier la catégorie {name}"),
        Language::En => format!("Edit the category {name}"),
    }
}

/// How many questions a category has, in the list of categories.
pub fn question_count(lang: Language, n: usize) -> String {
    match (lang, n) {
        (Language::Fr, 0) => "Aucune".to_owned(),
        (Language::En, 0) => "None".to_owned(),
        (_, n) => n.to_string(),
    }
}

/// A flagged timeline entry: "Message n° 12 du fil".
pub fn flagged_event(lang: Language, id: i64) -> String {
    match lang {
        Language::Fr => format!("Message n°\u{a0}{id} du fil"),
        Language::En => format!("Timeline entry no. {id}"),
    }
}

/// The end of a flag's "mark as handled" button name, for screen readers: which flag.
pub fn resolve_flag_context(lang: Language, number: &str) -> String {
    match lang {
        Language::Fr => format!(" (signalement sur la demande {number})"),
        Language::En => format!(" (flag on request {number})"),
    }
}

/// The caption of the flags table.
pub fn flags_caption(lang: Language, n: usize) -> String {
    match (lang, n) {
        (Language::Fr, 1) => "1\u{a0}signalement en attente".to_owned(),
        (Language::Fr, n) => format!("{n}\u{a0}signalements en attente"),
        (Language::En, 1) => "1 flag waiting".to_owned(),
        (Language::En, n) => format!("{n} flags waiting"),
    }
}

/// The alert when the audit chain does not verify.
pub fn audit_chain_broken(lang: Language, first_broken: Option<i64>) -> String {
    match (lang, first_broken) {
        (Language::Fr, Some(id)) => format!(
            "L’entrée n°\u{a0}{id} ne se vérifie pas\u{a0}: le journal a pu être modifié à partir de cette entrée. Prévenez le responsable de la sécurité et lancez «\u{a0}voix audit verify\u{a0}» sur le serveur."
        ),
        (Language::Fr, None) => "Le journal ne se vérifie pas\u{a0}: il a pu être modifié. Prévenez le responsable de la sécurité et lancez «\u{a0}voix audit verify\u{a0}» sur le serveur.".to_owned(),
        (Language::En, Some(id)) => format!(
            "Entry no. {id} does not verify: the log may have been altered from that entry on. Tell the security officer and run “voix audit verify” on the server."
        ),
        (Language::En, None) => "The log does not verify: it may have been altered. Tell the security officer and run “voix audit verify” on the server.".to_owned(),
    }
}

/// The caption of the audit table.
pub fn audit_caption(lang: Language, total: u64) -> String {
    match (lang, total) {
        (Language::Fr, 1) => "1\u{a0}entrée dans le journal, la plus récente en premier".to_owned(),
        (Language::Fr, n) => {
            format!("{n}\u{a0}entrées dans le journal, les plus récentes en premier")
        }
        (Language::En, 1) => "1 entry in the log, newest first".to_owned(),
        (Language::En, n) => format!("{n} entries in the log, newest first"),
    }
}

/// An audit action code in words (`request.status.resolved` → "Statut changé : Résolue"), or
/// the code itself when it is not one Voix knows.
pub fn audit_action(lang: Language, action: &str) -> String {
    if let Some(status) = action
        .strip_prefix("request.status.")
        .and_then(protocol::requests::RequestStatus::parse)
    {
        let status = crate::pages::requests::status_key(status).text(lang);
        return match lang {
            Language::Fr => format!("Statut changé\u{a0}: {status}"),
            Language::En => format!("Status changed: {status}"),
        };
    }
    let key = match action {
        "request.public_update" => Key::ActionPublicUpdate,
        "request.internal_note" => Key::ActionInternalNote,
        "request.assign" => Key::ActionAssign,
        "moderation.hide" => Key::ActionHide,
        "moderation.flag_resolved" => Key::ActionFlagResolved,
        "user.block" => Key::ActionBlock,
        "user.unblock" => Key::ActionUnblock,
        "category.create" => Key::ActionCategoryCreate,
        "category.update" => Key::ActionCategoryUpdate,
        "user.totp_reset" => Key::ActionTotpReset,
        "census.import" => Key::ActionCensusImport,
        "residency.verify" => Key::ActionResidencyVerify,
        "residency.revoke" => Key::ActionResidencyRevoke,
        "user.directory_created" => Key::ActionDirectoryCreated,
        "user.directory_role" => Key::ActionDirectoryRole,
        "user.directory_disabled" => Key::ActionDirectoryDisabled,
        other => return other.to_owned(),
    };
    key.text(lang).to_owned()
}

/// The voting page's heading: "Voter — <consultation>".
pub fn vote_heading(lang: Language, title: &str) -> String {
    match lang {
        Language::Fr => format!("Voter — {title}"),
        Language::En => format!("Vote — {title}"),
    }
}

/// The bulletin board page's heading: "Urne publique — <consultation>".
pub fn board_heading(lang: Language, title: &str) -> String {
    match lang {
        Language::Fr => format!("Urne publique — {title}"),
        Language::En => format!("Public ballot box — {title}"),
    }
}

/// The results page's heading: "Résultats — <consultation>".
pub fn results_heading(lang: Language, title: &str) -> String {
    match lang {
        Language::Fr => format!("Résultats — {title}"),
        Language::En => format!("Results — {title}"),
    }
}

/// Why a question's answer cannot be cast: "Question 2 : choisissez au plus 2 réponses."
pub fn vote_choice_error(
    lang: Language,
    question: usize,
    problem: crate::pages::consultations::ballot::ChoiceError,
) -> String {
    use crate::pages::consultations::ballot::ChoiceError as E;
    let text = match (lang, problem) {
        (Language::Fr, E::Required) => "choisissez une réponse.".to_owned(),
        (Language::En, E::Required) => "choose an answer.".to_owned(),
        (Language::Fr, E::TooFew { min }) => {
            format!("choisissez au moins {min}\u{a0}réponses.")
        }
        (Language::En, E::TooFew { min }) => format!("choose at least {min} answers."),
        (Language::Fr, E::TooMany { max: 1 }) => "choisissez une seule réponse.".to_owned(),
        (Language::En, E::TooMany { max: 1 }) => "choose only one answer.".to_owned(),
        (Language::Fr, E::TooMany { max }) => format!("choisissez au plus {max}\u{a0}réponses."),
        (Language::En, E::TooMany { max }) => format!("choose at most {max} answers."),
        (Language::Fr, E::BlankAndAnswers) => {
            "choisissez des réponses ou le vote blanc, pas les deux.".to_owned()
        }
        (Language::En, E::BlankAndAnswers) => {
            "choose answers or a blank vote, not both.".to_owned()
        }
    };
    match lang {
        Language::Fr => format!("Question {question}\u{a0}: {text}"),
        Language::En => format!("Question {question}: {text}"),
    }
}

/// How many answers are ticked on a multiple-answer question.
pub fn vote_chosen_count(lang: Language, n: usize, max: u32) -> String {
    match lang {
        Language::Fr => format!("Réponses cochées\u{a0}: {n} (au plus {max})."),
        Language::En => format!("Answers ticked: {n} (at most {max})."),
    }
}

/// The caption of the bulletin board's table.
pub fn board_caption(lang: Language, total: usize, page: u32, pages: u32) -> String {
    let pages_text = (pages > 1).then(|| page_of(lang, page, pages, false));
    let base = match (lang, total) {
        (Language::Fr, 1) => "1\u{a0}bulletin, dans l’ordre de réception".to_owned(),
        (Language::Fr, n) => format!("{n}\u{a0}bulletins, dans l’ordre de réception"),
        (Language::En, 1) => "1 ballot, in the order received".to_owned(),
        (Language::En, n) => format!("{n} ballots, in the order received"),
    };
    match pages_text {
        Some(p) => format!("{base} ({p})"),
        None => base,
    }
}

/// The tracker search found the ballot at `position` (1-based).
pub fn tracker_found(lang: Language, position: usize, counted: bool) -> String {
    match (lang, counted) {
        (Language::Fr, true) => {
            format!("Ce bulletin est sur l’urne (n°\u{a0}{position}) et il compte.")
        }
        (Language::Fr, false) => format!(
            "Ce bulletin est sur l’urne (n°\u{a0}{position}), mais un vote ultérieur avec le même code de vote l’a remplacé."
        ),
        (Language::En, true) => {
            format!("This ballot is in the box (no. {position}) and it counts.")
        }
        (Language::En, false) => format!(
            "This ballot is in the box (no. {position}), but a later ballot with the same voting code replaced it."
        ),
    }
}

/// The accessible name of a question's bar chart.
pub fn chart_title(lang: Language, question: &str) -> String {
    match lang {
        Language::Fr => {
            format!("Diagramme en barres des réponses à la question «\u{a0}{question}\u{a0}»")
        }
        Language::En => format!("Bar chart of the answers to the question “{question}”"),
    }
}

/// One answer's result in a chart's text alternative: "Oui : 2 voix (66,7 %)".
pub fn result_item(lang: Language, answer: &str, count: u64, percent: &str) -> String {
    match (lang, count) {
        (Language::Fr, 0 | 1) => format!("{answer}\u{a0}: {count}\u{a0}voix ({percent})"),
        (Language::Fr, _) => format!("{answer}\u{a0}: {count}\u{a0}voix ({percent})"),
        (Language::En, 1) => format!("{answer}: 1 vote ({percent})"),
        (Language::En, _) => format!("{answer}: {count} votes ({percent})"),
    }
}

/// The caption of a question's results table.
pub fn results_table_caption(lang: Language, question: usize) -> String {
    match lang {
        Language::Fr => format!("Résultats de la question {question}"),
        Language::En => format!("Results of question {question}"),
    }
}

/// The caption of a question's table by district.
pub fn breakdown_table_caption(lang: Language, question: usize) -> String {
    match lang {
        Language::Fr => format!("Résultats de la question {question} par quartier"),
        Language::En => format!("Results of question {question} by district"),
    }
}

/// How many districts are not shown: too few voters, or shown they would let anyone work out
/// the votes of a district with too few.
pub fn suppressed_districts(lang: Language, n: u64) -> String {
    match (lang, n) {
        (Language::Fr, 1) => "1\u{a0}quartier n’est pas détaillé\u{a0}: il a trop peu de votants, \
             ou son détail permettrait de déduire le vote d’un quartier qui en a trop peu."
            .to_owned(),
        (Language::Fr, n) => format!(
            "{n}\u{a0}quartiers ne sont pas détaillés\u{a0}: ils ont trop peu de votants, ou \
             leur détail permettrait de déduire le vote d’un quartier qui en a trop peu."
        ),
        (Language::En, 1) => "1 district is not shown: it has too few voters, or showing it \
             would let anyone work out the votes of a district with too few."
            .to_owned(),
        (Language::En, n) => format!(
            "{n} districts are not shown: they have too few voters, or showing them would let \
             anyone work out the votes of a district with too few."
        ),
    }
}

/// Weighted votes cast, out of the electorate's weight.
pub fn results_weights(lang: Language, voted: u64, electorate: u64) -> String {
    match lang {
        Language::Fr => format!("{voted}\u{a0}voix exprimées sur {electorate}"),
        Language::En => format!("{voted} votes cast out of {electorate}"),
    }
}
