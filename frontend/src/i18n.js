// Interface labels in Arabic, French and English. Adding a language = adding a block.
const LABELS = {
  en: {
    title: "Marsad — event observatory",
    filters: "Filters", country: "Country", event_type: "Event type", any: "Any",
    date_from: "From", date_to: "To", search: "Text search", search_ph: "words in any language",
    min_confidence: "Min. confidence", review_status: "Review status", apply: "Apply", reset: "Reset",
    events: "events", map: "Map", timeline: "Timeline (drag to filter dates)", table: "Events",
    date: "Date", location: "Location", actor1: "Actor 1", actor2: "Actor 2", fatalities: "Fatalities",
    confidence: "Confidence", status: "Status", prev: "Previous", next: "Next", page: "Page",
    event: "Event", review_queue: "Review queue", queue_help: "Unreviewed events, lowest confidence first",
    confirm: "Confirm", edit: "Edit", reject: "Reject", save: "Save", cancel: "Cancel",
    token: "API token", reviewer: "Reviewer", token_needed: "Enter the API token to review.",
    sources: "Sources", source_text: "Source text", evidence: "Evidence", history: "History",
    coded_fields: "Coded fields", no_event: "Select an event on the map, in the table or in the queue.",
    loading: "Loading…", error: "Error", reviewed: "Review saved", language: "Language",
    sub_event_type: "Sub-event type", admin1: "Admin 1", modality: "Modality", attribution: "Attribution",
    source_scale: "Source scale", geo_precision: "Geo precision", time_precision: "Time precision",
    plover_type: "PLOVER type", inter1: "Inter 1", inter2: "Inter 2", disorder_type: "Disorder type",
    token_for_reading: "This server is private: enter the API token above.",
    unreviewed: "Unreviewed", confirmed: "Confirmed", edited: "Edited", rejected: "Rejected",
    empty_queue: "Nothing left to review.", reset_zoom: "Reset view", document_missing: "Document not stored.",
  },
  fr: {
    title: "Marsad — observatoire des événements",
    filters: "Filtres", country: "Pays", event_type: "Type d'événement", any: "Tous",
    date_from: "Du", date_to: "Au", search: "Recherche", search_ph: "mots dans toute langue",
    min_confidence: "Confiance min.", review_status: "Statut de révision", apply: "Appliquer", reset: "Réinitialiser",
    events: "événements", map: "Carte", timeline: "Chronologie (glisser pour filtrer les dates)", table: "Événements",
    date: "Date", location: "Lieu", actor1: "Acteur 1", actor2: "Acteur 2", fatalities: "Morts",
    confidence: "Confiance", status: "Statut", prev: "Précédent", next: "Suivant", page: "Page",
    event: "Événement", review_queue: "File de révision", queue_help: "Événements non révisés, confiance la plus faible d'abord",
    confirm: "Confirmer", edit: "Modifier", reject: "Rejeter", save: "Enregistrer", cancel: "Annuler",
    token: "Jeton API", reviewer: "Réviseur", token_needed: "Saisissez le jeton API pour réviser.",
    sources: "Sources", source_text: "Texte source", evidence: "Preuve", history: "Historique",
    coded_fields: "Champs codés", no_event: "Choisissez un événement sur la carte, dans le tableau ou dans la file.",
    loading: "Chargement…", error: "Erreur", reviewed: "Révision enregistrée", language: "Langue",
    sub_event_type: "Sous-type", admin1: "Région (admin 1)", modality: "Modalité", attribution: "Attribution",
    source_scale: "Échelle des sources", geo_precision: "Précision géo.", time_precision: "Précision temporelle",
    plover_type: "Type PLOVER", inter1: "Inter 1", inter2: "Inter 2", disorder_type: "Type de désordre",
    token_for_reading: "Ce serveur est privé : saisissez le jeton API ci-dessus.",
    unreviewed: "Non révisé", confirmed: "Confirmé", edited: "Modifié", rejected: "Rejeté",
    empty_queue: "Rien à réviser.", reset_zoom: "Vue initiale", document_missing: "Document non stocké.",
  },
  ar: {
    title: "مرصد — رصد الأحداث",
    filters: "التصفية", country: "البلد", event_type: "نوع الحدث", any: "الكل",
    date_from: "من", date_to: "إلى", search: "بحث نصي", search_ph: "كلمات بأي لغة",
    min_confidence: "أدنى ثقة", review_status: "حالة المراجعة", apply: "تطبيق", reset: "إعادة ضبط",
    events: "حدث", map: "الخريطة", timeline: "الخط الزمني (اسحب لتصفية التواريخ)", table: "الأحداث",
    date: "التاريخ", location: "المكان", actor1: "الطرف الأول", actor2: "الطرف الثاني", fatalities: "القتلى",
    confidence: "الثقة", status: "الحالة", prev: "السابق", next: "التالي", page: "صفحة",
    event: "الحدث", review_queue: "قائمة المراجعة", queue_help: "أحداث غير مراجعة، الأقل ثقة أولاً",
    confirm: "تأكيد", edit: "تعديل", reject: "رفض", save: "حفظ", cancel: "إلغاء",
    token: "رمز الواجهة", reviewer: "المراجع", token_needed: "أدخل رمز الواجهة للمراجعة.",
    sources: "المصادر", source_text: "النص المصدر", evidence: "الدليل", history: "السجل",
    coded_fields: "الحقول المرمزة", no_event: "اختر حدثاً على الخريطة أو في الجدول أو في قائمة المراجعة.",
    loading: "جارٍ التحميل…", error: "خطأ", reviewed: "حُفظت المراجعة", language: "اللغة",
    sub_event_type: "النوع الفرعي", admin1: "الإقليم", modality: "الصيغة", attribution: "الإسناد",
    source_scale: "نطاق المصادر", geo_precision: "دقة الموقع", time_precision: "دقة التاريخ",
    plover_type: "نوع PLOVER", inter1: "رمز الطرف 1", inter2: "رمز الطرف 2", disorder_type: "نوع الاضطراب",
    token_for_reading: "هذا الخادم خاص: أدخل رمز الواجهة في الأعلى.",
    unreviewed: "غير مراجع", confirmed: "مؤكد", edited: "معدل", rejected: "مرفوض",
    empty_queue: "لا شيء للمراجعة.", reset_zoom: "العرض الأصلي", document_missing: "الوثيقة غير مخزنة.",
  },
};

// ACLED event-type names shown in the interface language (values stay in English).
const EVENT_TYPES = {
  "Battles": { fr: "Affrontements", ar: "معارك" },
  "Explosions/Remote violence": { fr: "Explosions/violence à distance", ar: "تفجيرات/عنف عن بعد" },
  "Violence against civilians": { fr: "Violence contre les civils", ar: "عنف ضد المدنيين" },
  "Protests": { fr: "Manifestations", ar: "احتجاجات" },
  "Riots": { fr: "Émeutes", ar: "أعمال شغب" },
  "Strategic developments": { fr: "Développements stratégiques", ar: "تطورات استراتيجية" },
};

export const LANGUAGES = [["ar", "العربية"], ["fr", "Français"], ["en", "English"]];
export const RTL_LANGUAGES = new Set(["ar"]);

let current = "en";

export function setLanguage(lang) {
  current = LABELS[lang] ? lang : "en";
  document.documentElement.lang = current;
  document.documentElement.dir = RTL_LANGUAGES.has(current) ? "rtl" : "ltr";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = t(node.dataset.i18nPlaceholder);
  }
  document.title = t("title");
  return current;
}

export function language() {
  return current;
}

/** The label for `key` in the current language (English, then the key itself, as fallback). */
export function t(key) {
  return LABELS[current][key] ?? LABELS.en[key] ?? key;
}

/** An ACLED event type in the current language. */
export function eventTypeLabel(type) {
  return (type && EVENT_TYPES[type]?.[current]) || type || "—";
}

/** Text direction for a document language code ("ar" → rtl). */
export function dirFor(lang) {
  return RTL_LANGUAGES.has(lang) ? "rtl" : "auto";
}
