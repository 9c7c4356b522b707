<%@ Page Language="C#" AutoEventWireup="true" %>
<!DOCTYPE html>
<html>
<head>
<title>Status</title>
<script type="text/javascript">
    // Legacy JSON parsing in the browser.
    function parse(text) { return eval("(" + text + ")"); }
    var req = new XMLHttpRequest();
    req.open("GET", "status.json?" + location.search.substr(1));
    req.onload = function () { var data = parse(req.responseText); document.title = data.name; };
    req.send();
    var fn = new Function("a", "b", "return a + b");
</script>
</head>
<body><p>Server time: <%= DateTime.UtcNow.ToString("u") %></p></body>
</html>
