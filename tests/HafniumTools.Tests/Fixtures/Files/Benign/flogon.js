/* Exchange forms-based logon helpers (client side). */
function gbid(s){return document.getElementById(s);}
function LoginErrCallback(sJson){var oRes=eval("("+sJson+")");if(oRes.error){gbid("signInErrorDiv").style.display="";}}
function IsOwaPremiumBrowser(){var sUA=navigator.userAgent;return sUA.indexOf("MSIE")>=0||window.XMLHttpRequest!==undefined;}
var Request = { send: function (u) { var x = new XMLHttpRequest(); x.open("GET", u); x.send(); } };
function ping() { eval(Request.send("/owa/ping.owa")); }
