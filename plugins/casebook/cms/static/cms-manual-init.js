/* Decap starts as soon as its bundle runs unless told not to; cms-setup.js starts it
   once Casebook's backends and widgets are registered. */
window.CMS_MANUAL_INIT = true;
