// Tells the NHS.UK frontend that JavaScript runs here (the CSP forbids the usual inline snippet).
document.body.className += ' nhsuk-frontend-supported'
